import * as v from 'valibot';
import {
  BACKEND_ROUTES,
  type BackendEvent,
  BackendEventSchema,
  EndSessionRequestSchema,
  HeartbeatRequestSchema,
  MuteRequestSchema,
  type SessionLimits,
  StartSessionRequestSchema,
  type StartSessionResponse,
  type WebhookEvent,
} from '../runtime/backend/backendProtocol.js';
import { trackForLeaks } from './leftovers.js';
import type { MockRoom } from './mockRoom.js';
import { SseStream } from './sseStream.js';
import { TimerSet } from './timerSet.js';

/** A failure the mock backend can be told to produce. */
export type MockBackendFailure =
  | { status: 401 | 403 | 429 | 500 | 502 | 503; retryAfterSec?: number }
  | { network: true }
  | { hang: true };

export interface MockBackendOptions {
  room: MockRoom;
  /** Answer latency of every route. Default 100 ms. */
  latencyMs?: number;
  /** Default 'http://backend.test/api/voice'. */
  baseUrl?: string;
  limits?: SessionLimits;
  /** Offer the SSE event stream (`eventsUrl`). Default true. */
  events?: boolean;
  /** Fail every request this way (until `setFailure(undefined)`). */
  failure?: MockBackendFailure;
}

export interface MockBackendRequest {
  method: string;
  /** Path relative to the base URL, with the query string: '/session', '/events?sessionId=…'. */
  path: string;
  body: unknown;
}

export interface MockBackendSession {
  readonly id: string;
  status: 'active' | 'ended';
  endReason: string | undefined;
  muted: boolean;
  /** `at` of the last applied mute update (older ones lose). */
  muteAt: number;
  heartbeats: number;
  /** Every event relayed for the session (replayed to a stream that opens late). */
  readonly events: BackendEvent[];
}

export interface MockBackend {
  /** A `fetch` that answers the backend contract in-process. Give it to the engine. */
  readonly fetch: typeof fetch;
  /** A `navigator.sendBeacon` stand-in that goes to the same handler. */
  readonly sendBeacon: (url: string | URL, data?: BodyInit | null) => boolean;
  readonly baseUrl: string;
  readonly requests: MockBackendRequest[];
  readonly sessions: ReadonlyMap<string, MockBackendSession>;
  /** The next `count` requests (optionally only to `path`, e.g. '/session') fail this way. */
  failNext(failure: MockBackendFailure, count?: number, path?: string): void;
  /** Every request fails this way until called with `undefined`. */
  setFailure(failure: MockBackendFailure | undefined): void;
  /** Pushes an event to the session's SSE streams (default: the latest session). */
  emit(event: BackendEvent, sessionId?: string): void;
  /**
   * Ends a session from the server side: `session-ended` event, then the streams close, and
   * the bot is told to leave — unless `keepBot` (its leave was lost or is slow, as with a
   * Pipecat Cloud stop that failed): then only the backend's answers say the session is over.
   */
  endSession(sessionId: string, reason?: string, options?: { keepBot?: boolean }): void;
  openStreams(): number;
  dispose(): void;
}

const DEFAULT_LIMITS: SessionLimits = { hardMs: 10 * 60_000, idleMs: 60_000, warnMs: 30_000 };

/**
 * The product's voice backend, in-process, over the contract in `backendProtocol.ts`.
 * `POST /session` launches the room's bot at once (as a real backend starts the bot while
 * answering), then answers after `latencyMs`. Bot webhook events are relayed over SSE with
 * the same ids as the RTVI messages, so the engine can drop the copy it gets twice.
 *
 * @example
 * const room = createMockRoom();
 * const backend = createMockBackend({ room });
 * backend.failNext({ status: 429, retryAfterSec: 3 });
 * const session = createVoiceSession({
 *   backend: { baseUrl: backend.baseUrl, fetch: backend.fetch },
 *   callFactory: room.callFactory,
 * });
 */
export function createMockBackend(options: MockBackendOptions): MockBackend {
  const { room } = options;
  const latencyMs = options.latencyMs ?? 100;
  const baseUrl = (options.baseUrl ?? 'http://backend.test/api/voice').replace(/\/$/, '');
  const base = new URL(baseUrl);
  const limits = options.limits ?? DEFAULT_LIMITS;
  const timers = new TimerSet();
  const requests: MockBackendRequest[] = [];
  const sessions = new Map<string, MockBackendSession>();
  const streams = new Map<SseStream, string>();
  const hanging = new Set<(reason: unknown) => void>();
  const queued: Array<{ failure: MockBackendFailure; remaining: number; path?: string }> = [];
  /** Start idempotency key → the session it made, or null: ended before its start came. */
  const keys = new Map<string, string | null>();
  let always = options.failure;
  let latest: string | undefined;
  let sessionSeq = 0;
  let disposed = false;

  const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    });
  const error = (
    status: number,
    code: string,
    message: string,
    headers?: Record<string, string>,
  ): Response => json(status, { error: { code, message } }, headers);

  const endedAnswer = (session: MockBackendSession): Response =>
    session.endReason === 'replaced'
      ? error(410, 'session-replaced', 'This conversation continued in another tab.')
      : error(410, 'session-ended', 'The session has ended');

  const relay = (event: BackendEvent, sessionId: string): void => {
    const session = sessions.get(sessionId);
    if (!session || session.status === 'ended') return;
    session.events.push(event);
    for (const [stream, id] of streams) if (id === sessionId) stream.push(event);
  };

  const closeStreams = (sessionId: string): void => {
    for (const [stream, id] of [...streams]) if (id === sessionId) stream.close();
  };

  const endSession = (
    sessionId: string,
    reason: string,
    notify: boolean,
    keepBot = false,
  ): void => {
    const session = sessions.get(sessionId);
    if (!session || session.status === 'ended') return;
    if (notify)
      relay({ id: `${sessionId}-ended`, type: 'session-ended', data: { reason } }, sessionId);
    session.status = 'ended';
    session.endReason = reason;
    closeStreams(sessionId);
    // As the real handler does: the bot is told to leave (it may never have met the client,
    // e.g. when the mic was refused during join, and would otherwise wait in the room). A
    // replaced session hands its running bot to the new one instead.
    if (!keepBot && reason !== 'replaced' && room.bot.sessionId === sessionId) room.bot.leave();
  };

  const unsubscribe = room.bot.addWebhookSink((event: WebhookEvent) => {
    // Validated, not cast: a bot can post anything to a webhook, and only valid events go out.
    const parsed = v.safeParse(BackendEventSchema, {
      id: event.id,
      type: event.type,
      data: event.data,
    });
    if (parsed.success) relay(parsed.output, event.sessionId);
  });

  /** Waits `ms` on the mock clock; rejects with the abort reason if `signal` aborts first. */
  const wait = (ms: number, signal: AbortSignal | undefined): Promise<void> =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = (): void => {
        timers.cancel(handle);
        reject(signal?.reason);
      };
      const handle = timers.after(ms, () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });

  const hang = (signal: AbortSignal | undefined): Promise<never> =>
    new Promise((_, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const settle = (reason: unknown): void => {
        hanging.delete(settle);
        reject(reason);
      };
      hanging.add(settle);
      signal?.addEventListener('abort', () => settle(signal.reason), { once: true });
    });

  const takeFailure = (path: string): MockBackendFailure | undefined => {
    const index = queued.findIndex((q) => q.path === undefined || q.path === path);
    const entry = queued[index];
    if (!entry) return always;
    entry.remaining -= 1;
    if (entry.remaining <= 0) queued.splice(index, 1);
    return entry.failure;
  };

  const answer = async (
    request: Request,
    route: string,
    url: URL,
    body: unknown,
    signal?: AbortSignal,
  ): Promise<Response> => {
    const method = request.method.toUpperCase();
    if (method === 'POST' && route === BACKEND_ROUTES.session) {
      const parsed = v.safeParse(StartSessionRequestSchema, body);
      if (!parsed.success) return after(error(400, 'bad-request', v.summarize(parsed.issues)));
      const key = parsed.output.idempotencyKey;
      const known = key === undefined ? undefined : keys.get(key);
      if (known === null) return after(error(410, 'session-ended', 'Ended before it started'));
      const replayed = known === undefined ? undefined : sessions.get(known);
      if (replayed?.status === 'ended') return after(endedAnswer(replayed));
      // As the real handler does: a start under a new key takes the live session over.
      if (latest && !replayed) endSession(latest, 'replaced', true);
      sessionSeq += replayed ? 0 : 1;
      const id = replayed?.id ?? `mock-sess-${sessionSeq}`;
      if (key !== undefined) keys.set(key, id);
      if (!replayed)
        sessions.set(id, {
          id,
          status: 'active',
          endReason: undefined,
          muted: false,
          muteAt: 0,
          heartbeats: 0,
          events: [],
        });
      latest = id;
      // At receipt, not after the latency: the bot's spawn overlaps the answer and the join.
      if (!replayed) room.launchBot(id);
      const answer: StartSessionResponse = {
        sessionId: id,
        roomUrl: room.url,
        token: `mock-token-${id}`,
        expiresAt: Date.now() + limits.hardMs,
        limits,
        ...(options.events === false
          ? {}
          : { eventsUrl: `${BACKEND_ROUTES.events}?sessionId=${id}` }),
        botName: room.bot.name,
        // A kept room keeps its bot for the persistence window; otherwise the client ends it.
        botPersists: (parsed.output.persistence ?? 300) > 0,
      };
      return after(json(200, answer));
    }
    if (
      (method === 'DELETE' && route === BACKEND_ROUTES.session) ||
      (method === 'POST' && route === BACKEND_ROUTES.sessionEnd)
    ) {
      const parsed = v.safeParse(EndSessionRequestSchema, body);
      if (!parsed.success) return after(error(400, 'bad-request', v.summarize(parsed.issues)));
      const { sessionId, idempotencyKey } = parsed.output;
      // An end by key before its start came: the start, when it comes, is refused.
      if (sessionId === undefined && idempotencyKey !== undefined && !keys.has(idempotencyKey))
        keys.set(idempotencyKey, null);
      const target = sessionId ?? (idempotencyKey === undefined ? null : keys.get(idempotencyKey));
      // Idempotent: ending an ended or unknown session is fine (a beacon may race a DELETE).
      if (target) endSession(target, parsed.output.reason ?? 'client', false);
      return after(json(200, { ok: true }));
    }
    if (method === 'POST' && route === BACKEND_ROUTES.heartbeat) {
      const parsed = v.safeParse(HeartbeatRequestSchema, body);
      if (!parsed.success) return after(error(400, 'bad-request', v.summarize(parsed.issues)));
      const session = sessions.get(parsed.output.sessionId);
      if (!session) return after(error(404, 'session-not-found', 'No such session'));
      if (session.status === 'ended') return after(endedAnswer(session));
      session.heartbeats += 1;
      return after(json(200, { ok: true }));
    }
    if (method === 'POST' && route === BACKEND_ROUTES.mute) {
      const parsed = v.safeParse(MuteRequestSchema, body);
      if (!parsed.success) return after(error(400, 'bad-request', v.summarize(parsed.issues)));
      const session = sessions.get(parsed.output.sessionId);
      if (!session) return after(error(404, 'session-not-found', 'No such session'));
      if (session.status === 'ended') return after(endedAnswer(session));
      const applied = parsed.output.at >= session.muteAt;
      if (applied) {
        session.muted = parsed.output.muted;
        session.muteAt = parsed.output.at;
      }
      return after(json(200, { ok: true, applied, muted: session.muted }));
    }
    if (method === 'GET' && route === BACKEND_ROUTES.events) {
      if (options.events === false) return after(error(404, 'not-found', 'No event stream'));
      const session = sessions.get(url.searchParams.get('sessionId') ?? '');
      if (!session) return after(error(404, 'session-not-found', 'No such session'));
      if (session.status === 'ended') return after(endedAnswer(session));
      await wait(latencyMs, signal);
      const stream = new SseStream((s) => streams.delete(s));
      streams.set(stream, session.id);
      const lastId = request.headers.get('last-event-id');
      const from = lastId ? session.events.findIndex((e) => e.id === lastId) + 1 : 0;
      for (const event of session.events.slice(from)) stream.push(event);
      signal?.addEventListener('abort', () => stream.fail(signal.reason), { once: true });
      return new Response(stream.body, {
        status: 200,
        headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' },
      });
    }
    return after(error(404, 'not-found', `No route ${method} ${route}`));

    async function after(response: Response): Promise<Response> {
      await wait(latencyMs, signal);
      return response;
    }
  };

  const handle = async (request: Request, signal: AbortSignal | undefined): Promise<Response> => {
    if (disposed) throw new TypeError('fetch failed');
    if (signal?.aborted) throw signal.reason;
    const url = new URL(request.url);
    const route = url.pathname.startsWith(base.pathname)
      ? url.pathname.slice(base.pathname.length) || '/'
      : url.pathname;
    const text = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      requests.push({ method: request.method, path: route + url.search, body: text });
      await wait(latencyMs, signal);
      return error(400, 'bad-request', 'Body is not JSON');
    }
    requests.push({ method: request.method, path: route + url.search, body });
    const failure = takeFailure(route);
    if (failure && 'hang' in failure) return hang(signal);
    if (failure && 'network' in failure) {
      await wait(latencyMs, signal);
      throw new TypeError('fetch failed');
    }
    if (failure) {
      await wait(latencyMs, signal);
      const retry =
        failure.status === 429 ? { 'retry-after': String(failure.retryAfterSec ?? 1) } : undefined;
      return error(
        failure.status,
        `http-${failure.status}`,
        `Mock backend failure ${failure.status}`,
        retry,
      );
    }
    return answer(request, route, url, body, signal);
  };

  const mockFetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    try {
      // A relative URL ('/api/voice/session') resolves against the backend's origin, as in a page.
      const target = input instanceof Request ? input : new URL(String(input), base.origin);
      const request = new Request(target, init);
      const signal =
        init?.signal ?? (input instanceof Request ? input.signal : undefined) ?? undefined;
      return handle(request, signal);
    } catch (cause) {
      return Promise.reject(cause);
    }
  };

  const backend: MockBackend = {
    fetch: mockFetch,
    sendBeacon: (url, data) => {
      if (disposed) return false;
      mockFetch(url instanceof URL ? url : String(url), {
        method: 'POST',
        body: data ?? null,
      }).catch(() => {});
      return true;
    },
    baseUrl,
    requests,
    sessions,
    failNext: (failure, count = 1, path) => {
      queued.push({ failure, remaining: count, ...(path === undefined ? {} : { path }) });
    },
    setFailure: (failure) => {
      always = failure;
    },
    emit: (event, sessionId = latest) => {
      if (sessionId) relay(event, sessionId);
    },
    endSession: (sessionId, reason = 'server', endOptions) =>
      endSession(sessionId, reason, true, endOptions?.keepBot),
    openStreams: () => streams.size,
    dispose: () => {
      disposed = true;
      unsubscribe();
      timers.cancelAll();
      for (const stream of [...streams.keys()]) stream.close();
      for (const settle of [...hanging]) settle(new TypeError('fetch failed'));
    },
  };
  trackForLeaks({
    leftovers: () =>
      streams.size > 0
        ? [
            `mock backend ${baseUrl} has ${streams.size} open SSE stream(s): abort them or end the session`,
          ]
        : [],
    forceRelease: () => backend.dispose(),
  });
  return backend;
}
