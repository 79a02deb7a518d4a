import * as v from 'valibot';
import {
  BACKEND_ROUTES,
  type EndSessionRequest,
  ErrorBodySchema,
  type HeartbeatRequest,
  type MuteRequest,
  type StartSessionRequest,
  type StartSessionResponse,
  StartSessionResponseSchema,
} from './backendProtocol';
import { BackendError, type BackendErrorCode, VoiceError } from '../../errors';
import { parseRetryAfter } from './retryAfter';

/** Extra request headers (app auth), or a function returning them fresh for every request. */
export type HeadersOption =
  | Record<string, string>
  | (() => Record<string, string> | Promise<Record<string, string>>);

/** Options of {@link createBackendClient}. */
export interface BackendClientOptions {
  /** Base URL of the voice backend, absolute or path-relative, e.g. `'/api/voice'`. */
  baseUrl: string;
  /** Injectable fetch (tests, mock backend). Default: `globalThis.fetch`, looked up per call. */
  fetch?: typeof fetch;
  /** App auth headers; a function is called before every request (token refresh). */
  headers?: HeadersOption;
  /** Per-request timeout covering the response body too. Default 10 000 ms. */
  timeoutMs?: number;
  /**
   * Extra attempts for `startSession` after a network error, a 5xx, or a 429 whose
   * `Retry-After` is at most `maxRetryAfterMs`. Never after other 4xx or a timeout. Default 1.
   */
  retries?: number;
  /**
   * Extra attempts for `endSession` after a network error, a timeout, a 5xx or a short 429:
   * an end is idempotent, so even a timed-out one is safe to send again. Default 2.
   */
  endRetries?: number;
  /** Base backoff: attempt n waits `retryDelayMs * 2^n` (no jitter, so fake timers work). Default 500. */
  retryDelayMs?: number;
  /** Longest `Retry-After` worth waiting for; longer surfaces `backend-capacity`. Default 2 000. */
  maxRetryAfterMs?: number;
}

/** Typed HTTP client of the voice backend (see `backendProtocol.ts`). */
export interface BackendClient {
  /** `POST /session`; the answer is validated, never cast. Retried per {@link BackendClientOptions.retries}. */
  startSession(body: StartSessionRequest, signal?: AbortSignal): Promise<StartSessionResponse>;
  /**
   * `DELETE /session`, retried per {@link BackendClientOptions.endRetries}. Rejects with a
   * `BackendError` once the retries are spent (the caller falls back to the beacon).
   */
  endSession(body: EndSessionRequest, options?: { keepalive?: boolean }): Promise<void>;
  /** `POST /session/heartbeat`. */
  heartbeat(body: HeartbeatRequest, signal?: AbortSignal): Promise<void>;
  /** `POST /mute`. */
  mute(body: MuteRequest, signal?: AbortSignal): Promise<void>;
  /** URL + body for `navigator.sendBeacon` on pagehide (`POST /session/end`, JSON sent as text). */
  beacon(body: EndSessionRequest): { url: string; data: string };
  /**
   * Absolute URL for an `eventsUrl` from the start answer. Absolute URLs are kept; a path that
   * already starts with the base path is taken from the origin; any other path is appended to
   * the base URL, like {@link BACKEND_ROUTES}.
   */
  resolveUrl(pathOrUrl: string): string;
  /** Number of HTTP requests sent so far (tests, diagnostics). */
  readonly requestCount: number;
}

const ABSOLUTE = /^[a-z][a-z\d+\-.]*:/i;

/** Status → code, shared with the event stream so both report the same way. @internal */
export function codeForStatus(status: number): BackendErrorCode {
  if (status === 401 || status === 403) return 'backend-auth';
  if (status === 429) return 'backend-capacity';
  if (status >= 500) return 'backend-server';
  return 'backend-bad-request';
}

/**
 * Builds the typed error for a non-2xx answer. Only the backend's own `{error:{message}}` text
 * reaches the message: other bodies (HTML error pages, stack traces) are never echoed.
 * @internal
 */
export function errorFromAnswer(status: number, headers: Headers, text: string): BackendError {
  let backend: { code: string; message: string } | undefined;
  try {
    const parsed = v.safeParse(ErrorBodySchema, JSON.parse(text));
    if (parsed.success) backend = parsed.output.error;
  } catch {
    // Not JSON: keep the default message.
  }
  const code = codeForStatus(status);
  return new BackendError(code, {
    status,
    ...(backend
      ? { message: backend.message.slice(0, 500), cause: { backendCode: backend.code } }
      : {}),
    ...(code === 'backend-capacity'
      ? { retryAfterMs: parseRetryAfter(headers.get('retry-after')) }
      : {}),
  });
}

/** Resolves the headers option for one request; a throwing provider is an auth failure. @internal */
export async function resolveHeaders(
  option: HeadersOption | undefined,
): Promise<Record<string, string>> {
  try {
    return typeof option === 'function' ? await option() : { ...option };
  } catch (cause) {
    throw new BackendError('backend-auth', { message: 'Could not get the auth headers.', cause });
  }
}

function abortedError(signal: AbortSignal): BackendError {
  return new BackendError('aborted', { cause: signal.reason });
}

/** Resolves after `ms`, or rejects with `aborted`; leaves neither timer nor listener behind. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortedError(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortedError(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A fully read answer (the body is read inside the timeout). */
interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

/** One attempt's failure, and whether another attempt could help. */
interface Failure {
  error: BackendError;
  /** False after a timeout: the backend may have acted on the request. */
  retryable: boolean;
}

interface SendOptions {
  method: 'POST' | 'DELETE';
  path: string;
  body: unknown;
  signal?: AbortSignal | undefined;
  keepalive?: boolean | undefined;
  /** Safe to repeat: a timed-out attempt is retried too. */
  idempotent?: boolean | undefined;
}

/**
 * Creates the browser-side client of the voice backend.
 *
 * A relative `baseUrl` is resolved against `globalThis.location` when there is one (browsers).
 * Without a location (Node, SSR) it is passed as-is to an injected `fetch`; with neither, requests
 * reject with `invalid-state`: Node's fetch would fail with an opaque TypeError instead.
 * Creating the client never throws, so it is safe during SSR.
 *
 * @example
 * const client = createBackendClient({ baseUrl: '/api/voice', headers: () => ({ authorization: `Bearer ${token()}` }) });
 * const session = await client.startSession({ assistant: { persona: 'coach' } }, controller.signal);
 */
export function createBackendClient(options: BackendClientOptions): BackendClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;
  const retries = Math.max(0, options.retries ?? 1);
  const endRetries = Math.max(0, options.endRetries ?? 2);
  const retryDelayMs = options.retryDelayMs ?? 500;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 2_000;
  let requestCount = 0;

  const absolute = (url: string): string => {
    if (ABSOLUTE.test(url)) return url;
    const href = (globalThis as { location?: { href?: string } }).location?.href;
    return href ? new URL(url, href).href : url;
  };

  const resolveUrl = (pathOrUrl: string): string => {
    if (ABSOLUTE.test(pathOrUrl) || pathOrUrl.startsWith('//')) return absolute(pathOrUrl);
    const basePath = ABSOLUTE.test(base) ? new URL(base).pathname.replace(/\/+$/, '') : base;
    if (
      pathOrUrl.startsWith('/') &&
      basePath !== '' &&
      (pathOrUrl === basePath || pathOrUrl.startsWith(`${basePath}/`))
    ) {
      return absolute(ABSOLUTE.test(base) ? new URL(pathOrUrl, base).href : pathOrUrl);
    }
    return absolute(`${base}/${pathOrUrl.replace(/^\/+/, '')}`);
  };

  /** One HTTP exchange, bounded by the timeout and the caller's signal. Throws only `aborted`/config errors. */
  async function once(opts: SendOptions): Promise<Answer | Failure> {
    const url = resolveUrl(opts.path);
    if (!ABSOLUTE.test(url) && !options.fetch) {
      throw new VoiceError('invalid-state', {
        message: `baseUrl "${options.baseUrl}" is relative and there is no location to resolve it against: pass an absolute baseUrl or inject fetch.`,
      });
    }
    const auth = await resolveHeaders(options.headers);
    const { signal } = opts;
    if (signal?.aborted) throw abortedError(signal);
    const controller = new AbortController();
    let timedOut = false;
    const onAbort = () => controller.abort(signal?.reason);
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new DOMException('Timed out', 'TimeoutError'));
    }, timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const fetchImpl = options.fetch ?? globalThis.fetch;
      requestCount += 1;
      const response = await fetchImpl.call(globalThis, url, {
        method: opts.method,
        headers: { 'content-type': 'application/json', accept: 'application/json', ...auth },
        body: JSON.stringify(opts.body),
        signal: controller.signal,
        ...(opts.keepalive ? { keepalive: true } : {}),
      });
      // Read the body inside the timeout: a server that stalls mid-body must not hang us.
      const text = await response.text();
      return { status: response.status, headers: response.headers, text };
    } catch (cause) {
      if (signal?.aborted) throw abortedError(signal);
      if (timedOut) {
        const message = `The voice service did not answer within ${timeoutMs} ms (timeout).`;
        return {
          error: new BackendError('backend-unreachable', { message, cause }),
          retryable: false,
        };
      }
      const message = 'Could not reach the voice service (network error).';
      return {
        error: new BackendError('backend-unreachable', { message, cause }),
        retryable: true,
      };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async function send(opts: SendOptions, maxRetries: number): Promise<Answer> {
    for (let attempt = 0; ; attempt++) {
      const result = await once(opts);
      let failure: Failure;
      if ('error' in result) {
        failure = result;
      } else if (result.status >= 200 && result.status < 300) {
        return result;
      } else {
        const error = errorFromAnswer(result.status, result.headers, result.text);
        failure = { error, retryable: error.code === 'backend-server' };
      }
      let waitMs = retryDelayMs * 2 ** attempt;
      if (failure.error.code === 'backend-capacity') {
        // No Retry-After: the server gave no hint, so ordinary backoff is as good as any.
        waitMs = failure.error.retryAfterMs ?? waitMs;
        failure.retryable = waitMs <= maxRetryAfterMs;
      }
      if (opts.idempotent && 'error' in result) failure.retryable = true;
      if (!failure.retryable || attempt >= maxRetries) throw failure.error;
      await sleep(waitMs, opts.signal);
    }
  }

  const sendVoid = async (opts: SendOptions): Promise<void> => {
    await send(opts, 0);
  };

  return {
    get requestCount() {
      return requestCount;
    },
    resolveUrl,
    async startSession(body, signal) {
      const answer = await send(
        { method: 'POST', path: BACKEND_ROUTES.session, body, signal },
        retries,
      );
      let json: unknown;
      try {
        json = JSON.parse(answer.text);
      } catch (cause) {
        throw new BackendError('backend-protocol', {
          message: 'The session answer was not JSON.',
          cause,
          status: answer.status,
        });
      }
      const parsed = v.safeParse(StartSessionResponseSchema, json);
      if (!parsed.success) {
        // Paths only: issue messages echo received values, which may include the token.
        const paths = parsed.issues.map((issue) => v.getDotPath(issue) ?? '(root)');
        throw new BackendError('backend-protocol', {
          message: `The session answer was invalid at: ${[...new Set(paths)].join(', ')}.`,
          status: answer.status,
        });
      }
      return parsed.output;
    },
    async endSession(body, endOptions) {
      const opts: SendOptions = {
        method: 'DELETE',
        path: BACKEND_ROUTES.session,
        body,
        keepalive: endOptions?.keepalive,
        idempotent: true,
      };
      await send(opts, endRetries);
    },
    heartbeat: (body, signal) =>
      sendVoid({ method: 'POST', path: BACKEND_ROUTES.heartbeat, body, signal }),
    mute: (body, signal) => sendVoid({ method: 'POST', path: BACKEND_ROUTES.mute, body, signal }),
    beacon: (body) => ({ url: resolveUrl(BACKEND_ROUTES.sessionEnd), data: JSON.stringify(body) }),
  };
}
