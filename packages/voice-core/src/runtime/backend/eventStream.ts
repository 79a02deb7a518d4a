import * as v from 'valibot';
import { BoundedIdSet } from '../../util/boundedIdSet';
import {
  codeForStatus,
  errorFromAnswer,
  type HeadersOption,
  resolveHeaders,
} from './backendClient';
import { BACKEND_EVENT_TYPES, type BackendEvent, BackendEventSchema } from './backendProtocol';
import { BackendError, ProtocolError, type VoiceError } from '../../errors';

/** Options of {@link openEventStream}. */
export interface EventStreamOptions {
  /** Absolute URL of the stream (`client.resolveUrl(start.eventsUrl)`). */
  url: string;
  /** Injectable fetch. Default: `globalThis.fetch`, looked up per connection. */
  fetch?: typeof fetch;
  /** App auth headers, resolved again on every (re)connect. */
  headers?: HeadersOption;
  /** Each valid event, once (deduplicated by `id`). */
  onEvent: (event: BackendEvent) => void;
  /**
   * Reported, non-fatal unless said otherwise: a malformed event (`protocol`; the stream goes on),
   * a throwing `onEvent` (`protocol`, the thrown value as `cause`), a lost connection before a
   * reconnect (`backend-unreachable`/`backend-server`, `fatal: false`). Fatal, the stream is then
   * closed: an HTTP 4xx (its status code), a non-SSE answer (`backend-protocol`), or giving up
   * after `maxAttempts` (`backend-unreachable`).
   */
  onError?: (error: VoiceError) => void;
  /** Each time a connection is established (again after a reconnect). */
  onOpen?: () => void;
  reconnect?: {
    /** Consecutive failed reconnects before giving up. Default 5. */
    maxAttempts?: number;
    /** First reconnect delay, doubling, capped at 10 s. The server's `retry:` replaces it. Default 1000. */
    delayMs?: number;
  };
}

/** A live SSE subscription. */
export interface EventStream {
  /** Stops for good: aborts the request, cancels the body, clears the reconnect timer. */
  close(): void;
  readonly state: 'connecting' | 'open' | 'closed';
  /** The last SSE `id:` seen, sent back as `Last-Event-ID` on reconnect. */
  readonly lastEventId: string | undefined;
}

const DEDUPE_WINDOW = 500;
const MAX_DELAY_MS = 10_000;
/** Named events we understand; any other `event:` name is ignored, as EventSource would. */
const ACCEPTED_NAMES = new Set<string>(['message', ...BACKEND_EVENT_TYPES]);

/** Longest SSE line we buffer; a longer one is dropped (a stuck or hostile server). */
const MAX_LINE = 1 << 20;

interface SseMessage {
  event: string | undefined;
  data: string;
}

interface SseCallbacks {
  onMessage(message: SseMessage): void;
  onId(id: string): void;
  onRetry(ms: number): void;
  /** Any complete line, comments included: proof the connection is alive. */
  onLine(): void;
  onOverflow(): void;
}

/**
 * A minimal WHATWG SSE line parser (event-stream interpretation, html.spec.whatwg.org §9.2.6).
 * Hand-written rather than a dependency: the repo's `source` export condition makes tsc
 * type-check such packages' raw `src/*.ts`, which fails under our compiler options.
 */
function createSseParser(callbacks: SseCallbacks): (chunk: string) => void {
  let buffer = '';
  let skipLF = false;
  let discarding = false;
  let data = '';
  let hasData = false;
  let event: string | undefined;

  const line = (text: string) => {
    callbacks.onLine();
    if (text === '') {
      if (hasData) callbacks.onMessage({ event, data });
      data = '';
      hasData = false;
      event = undefined;
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') {
      data = hasData ? `${data}\n${value}` : value;
      hasData = true;
    } else if (field === 'event') {
      event = value;
    } else if (field === 'id' && !value.includes('\0')) {
      callbacks.onId(value);
    } else if (field === 'retry' && /^\d+$/.test(value)) {
      callbacks.onRetry(Number(value));
    }
  };

  return (chunk) => {
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      // A CR at the end of the previous chunk already ended the line; skip its LF.
      if (skipLF && i === 0 && c === 10) {
        start = 1;
        skipLF = false;
        continue;
      }
      skipLF = false;
      if (c !== 10 && c !== 13) continue;
      if (discarding) discarding = false;
      else line(buffer + chunk.slice(start, i));
      buffer = '';
      if (c === 13 && chunk.charCodeAt(i + 1) === 10) i++;
      else if (c === 13 && i === chunk.length - 1) skipLF = true;
      start = i + 1;
    }
    if (discarding) return;
    buffer += chunk.slice(start);
    if (buffer.length > MAX_LINE) {
      buffer = '';
      discarding = true;
      callbacks.onOverflow();
    }
  };
}

function guard(fn: () => void): void {
  try {
    fn();
  } catch {
    // A throwing onError/onOpen must not kill the stream; there is nowhere left to report it.
  }
}

/**
 * Opens the backend's Server-Sent Events stream over fetch (EventSource cannot send auth headers
 * and does not exist in Node). Reconnects with `Last-Event-ID` and doubling delays; stops after
 * `maxAttempts` consecutive failures, on an HTTP 4xx, on `close()`, or when the server ends the
 * stream after a `session-ended` event. A connection counts as healthy (and resets the failure
 * count) once something arrives on it, so a server that accepts and drops at once still runs out.
 *
 * @example
 * const stream = openEventStream({ url: client.resolveUrl(start.eventsUrl), onEvent: (e) => engine.ingest(e) });
 * // later
 * stream.close();
 */
export function openEventStream(options: EventStreamOptions): EventStream {
  const maxAttempts = options.reconnect?.maxAttempts ?? 5;
  let baseDelayMs = options.reconnect?.delayMs ?? 1000;
  let serverRetry = false;
  let state: EventStream['state'] = 'connecting';
  let lastEventId: string | undefined;
  let attempts = 0;
  let sessionEnded = false;
  let controller: AbortController | undefined;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const seen = new BoundedIdSet(DEDUPE_WINDOW);

  const report = (error: VoiceError) => {
    if (state !== 'closed') guard(() => options.onError?.(error));
  };

  const close = () => {
    if (state === 'closed') return;
    state = 'closed';
    clearTimeout(timer);
    timer = undefined;
    controller?.abort();
    reader?.cancel().catch(() => {});
    reader = undefined;
  };

  const fail = (error: VoiceError) => {
    report(error);
    close();
  };

  const deliver = (message: SseMessage) => {
    // onEvent may close() the stream; later events of the same chunk are then dropped.
    if (state === 'closed') return;
    if (message.event !== undefined && !ACCEPTED_NAMES.has(message.event)) return;
    if (message.data === '') return;
    let json: unknown;
    try {
      json = JSON.parse(message.data);
    } catch (cause) {
      report(
        new ProtocolError('protocol', {
          message: 'An event was not JSON; ignored.',
          cause,
          fatal: false,
        }),
      );
      return;
    }
    const parsed = v.safeParse(BackendEventSchema, json);
    if (!parsed.success) {
      const paths = parsed.issues.map((issue) => v.getDotPath(issue) ?? '(root)');
      const message = `An event was invalid at: ${[...new Set(paths)].join(', ')}; ignored.`;
      report(new ProtocolError('protocol', { message, fatal: false }));
      return;
    }
    const event = parsed.output;
    if (!seen.add(event.id)) return;
    if (event.type === 'session-ended') sessionEnded = true;
    try {
      options.onEvent(event);
    } catch (cause) {
      // The handler's bug is the engine's to fix; keep the stream alive and surface it once.
      report(
        new ProtocolError('protocol', {
          message: `The handler of a "${event.type}" event threw.`,
          cause,
          fatal: false,
        }),
      );
    }
  };

  /** A connection failed or dropped: reconnect with backoff, or give up. */
  const dropped = (error: VoiceError) => {
    if (state === 'closed') return;
    if (sessionEnded) return close();
    if (attempts >= maxAttempts) {
      return fail(
        new BackendError('backend-unreachable', {
          message: `The event stream was lost; gave up after ${attempts} reconnect attempts.`,
          cause: error,
        }),
      );
    }
    attempts += 1;
    const cap = serverRetry ? Math.max(MAX_DELAY_MS, baseDelayMs) : MAX_DELAY_MS;
    const delay = Math.min(baseDelayMs * 2 ** (attempts - 1), cap);
    state = 'connecting';
    report(error);
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, delay);
  };

  async function connect(): Promise<void> {
    const ctrl = new AbortController();
    controller = ctrl;
    const feed = createSseParser({
      onId: (id) => {
        lastEventId = id === '' ? undefined : id;
      },
      onRetry: (ms) => {
        baseDelayMs = ms;
        serverRetry = true;
      },
      // Anything arriving (even a keep-alive) proves the connection healthy.
      onLine: () => {
        attempts = 0;
      },
      onMessage: deliver,
      onOverflow: () =>
        report(
          new ProtocolError('protocol', {
            message: 'An event line was too long; dropped.',
            fatal: false,
          }),
        ),
    });
    try {
      const auth = await resolveHeaders(options.headers);
      if (ctrl.signal.aborted) return;
      const fetchImpl = options.fetch ?? globalThis.fetch;
      const response = await fetchImpl.call(globalThis, options.url, {
        headers: {
          accept: 'text/event-stream',
          ...auth,
          ...(lastEventId === undefined ? {} : { 'last-event-id': lastEventId }),
        },
        signal: ctrl.signal,
      });
      if (ctrl.signal.aborted) return;
      if (response.status >= 400 && response.status < 500) {
        const text = await response.text();
        return fail(errorFromAnswer(response.status, response.headers, text));
      }
      if (!response.ok || !response.body) {
        await response.body?.cancel();
        return dropped(
          new BackendError(codeForStatus(response.status), {
            status: response.status,
            fatal: false,
          }),
        );
      }
      if (!/^text\/event-stream\b/i.test(response.headers.get('content-type') ?? '')) {
        await response.body.cancel();
        // Like EventSource: a wrong content type is a misconfigured route, retrying will not help.
        return fail(
          new BackendError('backend-protocol', {
            message: 'The event stream answered without text/event-stream.',
          }),
        );
      }
      state = 'open';
      guard(() => options.onOpen?.());
      reader = response.body.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { done, value } = await reader.read();
        if (done || ctrl.signal.aborted) break;
        feed(decoder.decode(value, { stream: true }));
      }
      reader = undefined;
      dropped(
        new BackendError('backend-unreachable', {
          message: 'The event stream was closed by the server; reconnecting.',
          fatal: false,
        }),
      );
    } catch (cause) {
      reader = undefined;
      if (ctrl.signal.aborted || state === 'closed') return;
      if (cause instanceof BackendError && cause.code === 'backend-auth') return fail(cause);
      dropped(
        new BackendError('backend-unreachable', {
          message: 'The event stream connection failed; reconnecting.',
          cause,
          fatal: false,
        }),
      );
    }
  }

  void connect();

  return {
    close,
    get state() {
      return state;
    },
    get lastEventId() {
      return lastEventId;
    },
  };
}
