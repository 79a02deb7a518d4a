import { RequestError } from '../../errors';
import { type RtviOutboundMessage, rtviMessage } from './rtviMessages';
import { quote } from '../../util/quote';

/** Options of `session.request()`. */
export interface RequestOptions {
  /** How long to wait for the bot's `server-response`. Default 10 000 ms. */
  timeoutMs?: number;
}

interface Pending {
  t: string;
  resolve(data: unknown): void;
  reject(error: RequestError): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Request/response over RTVI, as client-js's `sendClientRequest` does it: a `client-message
 * {t, d}` whose id the bot's `server-response` (or `error-response`) echoes. It also remembers
 * the type of each message the run sent recently, so an `error-response` can name what it
 * answers.
 */
export class ClientRequests {
  readonly #pending = new Map<string, Pending>();
  readonly #sent = new Map<string, string>();
  readonly #send: (message: RtviOutboundMessage) => boolean;

  /** `send` returns false when the message could not go out (the run is not live). */
  constructor(send: (message: RtviOutboundMessage) => boolean) {
    this.#send = send;
  }

  /** Remembers a sent message's type by id (the last 200). */
  record(message: RtviOutboundMessage): void {
    this.#sent.set(message.id, message.type);
    if (this.#sent.size > 200) this.#sent.delete(this.#sent.keys().next().value as string);
  }

  /** The type of the message this run sent with `id`, if it is recent. */
  typeOf(id: string): string | undefined {
    return this.#sent.get(id);
  }

  /** Sends `client-message {t, d}`; resolves with the bot's `server-response` `d`. */
  request(t: string, d: unknown, options: RequestOptions = {}): Promise<unknown> {
    const message = rtviMessage('client-message', d === undefined ? { t } : { t, d });
    const ms = options.timeoutMs ?? 10_000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(message.id);
        reject(
          new RequestError('request-timeout', {
            fatal: false,
            message: `The bot did not answer "${quote(t, 64)}" within ${ms} ms.`,
            answers: { type: 'client-message', id: message.id },
          }),
        );
      }, ms);
      this.#pending.set(message.id, { t, resolve, reject, timer });
      if (!this.#send(message)) this.#settle(message.id, null, 'The session is not active.');
    });
  }

  /** `server-response`: true when it answered a pending request. */
  resolve(id: string, d: unknown): boolean {
    return this.#settle(id, { d }, null);
  }

  /** `error-response`: true when it answered a pending request. */
  reject(id: string, error: string): boolean {
    return this.#settle(id, null, error);
  }

  /** The run ended: every pending request fails now rather than at its timeout. */
  cancelAll(): void {
    for (const id of [...this.#pending.keys()]) this.#settle(id, null, null);
  }

  get pending(): number {
    return this.#pending.size;
  }

  #settle(id: string, answer: { d: unknown } | null, error: string | null): boolean {
    const p = this.#pending.get(id);
    if (!p) return false;
    this.#pending.delete(id);
    clearTimeout(p.timer);
    if (answer) p.resolve(answer.d);
    else {
      const answers = { type: 'client-message', id };
      p.reject(
        error === null
          ? new RequestError('request-cancelled', { fatal: false, answers })
          : new RequestError('request-rejected', {
              fatal: false,
              message: `The bot answered "${quote(p.t, 64)}" with an error: ${quote(error)}`,
              answers,
            }),
      );
    }
    return true;
  }
}
