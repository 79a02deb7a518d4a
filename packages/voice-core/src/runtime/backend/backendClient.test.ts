import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type BackendClientOptions, createBackendClient } from './backendClient';
import { BackendError, VoiceError } from '../../errors';
import { parseRetryAfter } from './retryAfter';

const BASE = 'https://app.test/api/voice';

const START_OK = {
  sessionId: 's-1',
  roomUrl: 'https://parley.daily.co/room-1',
  token: 'secret-token',
  expiresAt: 1_900_000_000_000,
  limits: { hardMs: 600_000, idleMs: 60_000, warnMs: 15_000 },
  eventsUrl: '/events?sessionId=s-1',
};

interface Call {
  url: string;
  method: string;
  headers: Headers;
  body: string | undefined;
  signal: AbortSignal | undefined;
  keepalive: boolean | undefined;
}

/** A reply, a thrown network error, or 'hang' (settles only when the request is aborted). */
type Reply = Response | Error | 'hang' | ((call: Call) => Response);

/** In-test fetch: answers the n-th request with the n-th reply (the last one repeats). */
function fakeFetch(...replies: Reply[]) {
  const calls: Call[] = [];
  const fetchFn: typeof fetch = async (input, init) => {
    const signal = init?.signal ?? undefined;
    const call: Call = {
      url: input instanceof Request ? input.url : String(input),
      method: init?.method ?? 'GET',
      headers: new Headers(init?.headers),
      body: typeof init?.body === 'string' ? init.body : undefined,
      signal,
      keepalive: init?.keepalive,
    };
    calls.push(call);
    const reply = replies[Math.min(calls.length, replies.length) - 1];
    if (reply === 'hang') {
      return new Promise<Response>((_, reject) => {
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    }
    if (reply instanceof Error) throw reply;
    if (typeof reply === 'function') return reply(call);
    if (!reply) throw new Error('no reply configured');
    return reply.clone();
  };
  return { fetch: fetchFn, calls };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
const errorBody = (status: number, code: string, message: string, headers = {}) =>
  json({ error: { code, message } }, status, headers);

function client(fetchFn: typeof fetch, options: Partial<BackendClientOptions> = {}) {
  return createBackendClient({ baseUrl: BASE, fetch: fetchFn, ...options });
}

/** Resolves to the rejection of `promise` (fails the test if it fulfils). */
async function rejection(promise: Promise<unknown>): Promise<VoiceError> {
  const result = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(result instanceof VoiceError))
    throw new Error(`expected a VoiceError, got ${String(result)}`);
  return result;
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  expect(vi.getTimerCount()).toBe(0);
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('startSession', () => {
  it('posts the body with auth headers and returns the validated answer', async () => {
    const f = fakeFetch(json(START_OK));
    const c = client(f.fetch, { headers: async () => ({ authorization: 'Bearer abc' }) });
    await expect(c.startSession({ userId: 'u-1' })).resolves.toEqual(START_OK);
    expect(f.calls.map((call) => [call.method, call.url])).toEqual([['POST', `${BASE}/session`]]);
    expect(f.calls[0]?.headers.get('authorization')).toBe('Bearer abc');
    expect(f.calls[0]?.headers.get('content-type')).toBe('application/json');
    expect(f.calls[0]?.body).toBe('{"userId":"u-1"}');
    expect(c.requestCount).toBe(1);
  });

  it.each([
    [400, 'backend-bad-request'],
    [401, 'backend-auth'],
    [403, 'backend-auth'],
    [404, 'backend-bad-request'],
    [409, 'backend-bad-request'],
    [422, 'backend-bad-request'],
    [429, 'backend-capacity'],
    [500, 'backend-server'],
    [502, 'backend-server'],
    [503, 'backend-server'],
  ])('maps HTTP %i to %s, with the backend message and code', async (status, code) => {
    const f = fakeFetch(errorBody(status, 'why', `backend says ${status}`));
    const error = await rejection(client(f.fetch, { retries: 0 }).startSession({}));
    expect(error).toBeInstanceOf(BackendError);
    expect([error.code, error.status, error.message]).toEqual([
      code,
      status,
      `backend says ${status}`,
    ]);
    expect(error.cause).toEqual({ backendCode: 'why' });
  });

  it('never echoes a non-contract error body', async () => {
    const f = fakeFetch(new Response('<html>stack trace SECRET</html>', { status: 500 }));
    const error = await rejection(client(f.fetch, { retries: 0 }).startSession({}));
    expect(error.code).toBe('backend-server');
    expect(error.message).not.toContain('SECRET');
    expect(error.cause).toBeUndefined();
  });

  it('surfaces a long Retry-After (seconds) without retrying', async () => {
    const f = fakeFetch(errorBody(429, 'busy', 'Busy', { 'retry-after': '30' }));
    const error = await rejection(client(f.fetch).startSession({}));
    expect([error.code, error.retryAfterMs, f.calls.length]).toEqual([
      'backend-capacity',
      30_000,
      1,
    ]);
  });

  it('parses a Retry-After HTTP-date', async () => {
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
    const retryAt = new Date('2030-01-01T00:01:00Z').toUTCString();
    const f = fakeFetch(errorBody(429, 'busy', 'Busy', { 'retry-after': retryAt }));
    const error = await rejection(client(f.fetch).startSession({}));
    expect([error.code, error.retryAfterMs, f.calls.length]).toEqual([
      'backend-capacity',
      60_000,
      1,
    ]);
  });

  it('waits out a short Retry-After, then retries', async () => {
    const f = fakeFetch(errorBody(429, 'busy', 'Busy', { 'retry-after': '1' }), json(START_OK));
    const c = client(f.fetch);
    const pending = c.startSession({});
    await vi.advanceTimersByTimeAsync(999);
    expect(c.requestCount).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(pending).resolves.toEqual(START_OK);
    expect(c.requestCount).toBe(2);
  });

  it('retries a 5xx with doubling backoff: retries:2 → 3 requests at 0, 500, 1500 ms', async () => {
    const f = fakeFetch(errorBody(503, 'down', 'Down'));
    const c = client(f.fetch, { retries: 2 });
    const pending = rejection(c.startSession({}));
    const counts: number[] = [];
    for (const ms of [0, 499, 1, 999, 1]) {
      await vi.advanceTimersByTimeAsync(ms);
      counts.push(c.requestCount);
    }
    expect(counts).toEqual([1, 1, 2, 2, 3]);
    expect((await pending).code).toBe('backend-server');
  });

  it.each([
    ['500', 'backend-server', 2, errorBody(500, 'x', 'x')],
    ['401', 'backend-auth', 1, errorBody(401, 'x', 'x')],
    ['400', 'backend-bad-request', 1, errorBody(400, 'x', 'x')],
    ['a network error', 'backend-unreachable', 2, new TypeError('fetch failed')],
  ] as const)('retries:1 on %s → %s after %i request(s)', async (_, code, requests, reply) => {
    const f = fakeFetch(reply);
    const c = client(f.fetch, { retries: 1 });
    const pending = rejection(c.startSession({}));
    await vi.runAllTimersAsync();
    const error = await pending;
    expect([error.code, c.requestCount]).toEqual([code, requests]);
    if (code === 'backend-unreachable') expect(error.message).toMatch(/network/);
  });

  it('times out as backend-unreachable, aborts the fetch, and does not retry', async () => {
    const f = fakeFetch('hang');
    const c = client(f.fetch, { timeoutMs: 100 });
    const pending = rejection(c.startSession({}));
    await vi.advanceTimersByTimeAsync(100);
    const error = await pending;
    expect([error.code, error.message]).toEqual([
      'backend-unreachable',
      'The voice service did not answer within 100 ms (timeout).',
    ]);
    expect(f.calls[0]?.signal?.aborted).toBe(true);
    expect(c.requestCount).toBe(1);
  });

  it('times out when the body stalls after the headers', async () => {
    // Like real fetch, aborting the request errors a body that is still streaming.
    const stalled = ({ signal }: Call) =>
      new Response(
        new ReadableStream({
          start: (ctl) => {
            ctl.enqueue(new Uint8Array([123]));
            signal?.addEventListener('abort', () => ctl.error(signal.reason), { once: true });
          },
        }),
      );
    const f = fakeFetch(stalled);
    const pending = rejection(client(f.fetch, { timeoutMs: 100 }).startSession({}));
    await vi.advanceTimersByTimeAsync(100);
    expect((await pending).code).toBe('backend-unreachable');
  });

  it('rejects with aborted when the caller aborts mid-request, and sends nothing more', async () => {
    const f = fakeFetch('hang');
    const c = client(f.fetch, { retries: 3 });
    const controller = new AbortController();
    const pending = rejection(c.startSession({}, controller.signal));
    await vi.advanceTimersByTimeAsync(10);
    controller.abort();
    const error = await pending;
    expect(error.code).toBe('aborted');
    expect(f.calls[0]?.signal?.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(c.requestCount).toBe(1);
  });

  it('rejects with aborted when the caller aborts during the backoff wait', async () => {
    const f = fakeFetch(errorBody(500, 'x', 'x'));
    const c = client(f.fetch, { retries: 3 });
    const controller = new AbortController();
    const pending = rejection(c.startSession({}, controller.signal));
    await vi.advanceTimersByTimeAsync(100);
    expect(vi.getTimerCount()).toBe(1);
    controller.abort();
    expect((await pending).code).toBe('aborted');
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(c.requestCount).toBe(1);
  });

  it('sends nothing when the signal is already aborted', async () => {
    const f = fakeFetch(json(START_OK));
    const c = client(f.fetch);
    const error = await rejection(c.startSession({}, AbortSignal.abort()));
    expect([error.code, c.requestCount]).toEqual(['aborted', 0]);
  });

  it('removes its abort listener from the caller signal', async () => {
    const f = fakeFetch(json(START_OK));
    const controller = new AbortController();
    const add = vi.spyOn(controller.signal, 'addEventListener');
    const remove = vi.spyOn(controller.signal, 'removeEventListener');
    await client(f.fetch).startSession({}, controller.signal);
    expect(add).toHaveBeenCalledTimes(1);
    expect(remove.mock.calls).toEqual(add.mock.calls.map(([type, listener]) => [type, listener]));
  });

  it('rejects a schema-invalid answer as backend-protocol without echoing values', async () => {
    const f = fakeFetch(json({ ...START_OK, roomUrl: 'not a url', limits: { hardMs: 'x' } }));
    const error = await rejection(client(f.fetch).startSession({}));
    expect(error.code).toBe('backend-protocol');
    expect(error.message).toContain('roomUrl');
    expect(error.message).not.toContain('secret-token');
    expect(f.calls).toHaveLength(1);
  });

  it('rejects a non-JSON answer as backend-protocol', async () => {
    const f = fakeFetch(new Response('<html>ok</html>', { status: 200 }));
    expect((await rejection(client(f.fetch).startSession({}))).code).toBe('backend-protocol');
  });

  it('reports a throwing headers provider as backend-auth without sending', async () => {
    const f = fakeFetch(json(START_OK));
    const c = client(f.fetch, {
      headers: () => {
        throw new Error('token refresh failed');
      },
    });
    const error = await rejection(c.startSession({}));
    expect([error.code, c.requestCount]).toEqual(['backend-auth', 0]);
  });
});

describe('other routes', () => {
  it('ends with DELETE /session, keepalive, no retries, and a typed error', async () => {
    const f = fakeFetch(errorBody(503, 'down', 'Down'));
    const c = client(f.fetch, { retries: 3, endRetries: 0 });
    const error = await rejection(
      c.endSession({ sessionId: 's-1', reason: 'user' }, { keepalive: true }),
    );
    expect(error.code).toBe('backend-server');
    expect(f.calls.map((call) => [call.method, call.url, call.body, call.keepalive])).toEqual([
      ['DELETE', `${BASE}/session`, '{"sessionId":"s-1","reason":"user"}', true],
    ]);
  });

  it('retries a failed end with backoff (a timeout too: an end is idempotent), bounded', async () => {
    const f = fakeFetch(new TypeError('fetch failed'), 'hang', errorBody(503, 'down', 'Down'));
    const at: number[] = [];
    const timed: typeof fetch = (input, init) => {
      at.push(Date.now());
      return f.fetch(input, init);
    };
    const c = client(timed, { timeoutMs: 1000, retryDelayMs: 100 });
    const t0 = Date.now();
    const ending = rejection(c.endSession({ idempotencyKey: 'key-12345678' }));
    await vi.advanceTimersByTimeAsync(5000);
    const error = await ending;
    expect(error.code).toBe('backend-server');
    // network error → 100 ms → timeout after 1000 ms → 200 ms → 503, and no fourth attempt
    expect(at.map((t) => t - t0)).toEqual([0, 100, 1300]);
    expect(f.calls.map((call) => [call.method, call.body])).toEqual([
      ['DELETE', '{"idempotencyKey":"key-12345678"}'],
      ['DELETE', '{"idempotencyKey":"key-12345678"}'],
      ['DELETE', '{"idempotencyKey":"key-12345678"}'],
    ]);
  });

  it('does not retry an end the backend refused with a 4xx', async () => {
    const f = fakeFetch(errorBody(410, 'session-ended', 'Ended'));
    const c = client(f.fetch);
    const error = await rejection(c.endSession({ sessionId: 's-1' }));
    expect([error.status, f.calls.length]).toEqual([410, 1]);
  });

  it('posts heartbeat and mute, accepting an empty 204', async () => {
    const f = fakeFetch(new Response(null, { status: 204 }));
    const c = client(f.fetch);
    await c.heartbeat({ sessionId: 's-1', active: true, at: 5 });
    await c.mute({ sessionId: 's-1', muted: true, at: 6 });
    expect(f.calls.map((call) => [call.method, call.url, call.body])).toEqual([
      ['POST', `${BASE}/session/heartbeat`, '{"sessionId":"s-1","active":true,"at":5}'],
      ['POST', `${BASE}/mute`, '{"sessionId":"s-1","muted":true,"at":6}'],
    ]);
  });

  it('builds the sendBeacon URL and text body', () => {
    const c = client(fakeFetch().fetch);
    expect(c.beacon({ sessionId: 's-1', reason: 'pagehide' })).toEqual({
      url: `${BASE}/session/end`,
      data: '{"sessionId":"s-1","reason":"pagehide"}',
    });
  });
});

describe('URLs', () => {
  it('resolves event URLs against the base', () => {
    const c = client(fakeFetch().fetch, { baseUrl: `${BASE}/` });
    expect(c.resolveUrl('https://sse.test/e')).toBe('https://sse.test/e');
    expect(c.resolveUrl('/events?sessionId=s-1')).toBe(`${BASE}/events?sessionId=s-1`);
    expect(c.resolveUrl('events')).toBe(`${BASE}/events`);
    expect(c.resolveUrl('/api/voice/events')).toBe(`${BASE}/events`);
  });

  it('resolves a relative base against location in browsers', async () => {
    vi.stubGlobal('location', { href: 'https://shop.test/products/1' });
    const f = fakeFetch(new Response(null, { status: 204 }));
    const c = createBackendClient({ baseUrl: '/api/voice', fetch: f.fetch });
    expect(c.resolveUrl('/events')).toBe('https://shop.test/api/voice/events');
    await c.mute({ sessionId: 's-1', muted: false, at: 1 });
    expect(f.calls[0]?.url).toBe('https://shop.test/api/voice/mute');
  });

  it('passes a relative base as-is to an injected fetch without location', async () => {
    const f = fakeFetch(new Response(null, { status: 204 }));
    await createBackendClient({ baseUrl: '/api/voice', fetch: f.fetch }).mute({
      sessionId: 's',
      muted: true,
      at: 1,
    });
    expect(f.calls[0]?.url).toBe('/api/voice/mute');
  });

  it('rejects with invalid-state for a relative base with neither location nor injected fetch', async () => {
    const globalFetch = vi.fn<typeof fetch>();
    vi.stubGlobal('fetch', globalFetch);
    const c = createBackendClient({ baseUrl: '/api/voice' });
    const error = await rejection(c.startSession({}));
    expect(error.code).toBe('invalid-state');
    expect(globalFetch).not.toHaveBeenCalled();
  });

  it('uses globalThis.fetch looked up at call time', async () => {
    const c = createBackendClient({ baseUrl: BASE });
    const f = fakeFetch(json(START_OK));
    vi.stubGlobal('fetch', f.fetch);
    await c.startSession({});
    expect(f.calls).toHaveLength(1);
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['5', 5_000],
    [' 0 ', 0],
    ['Thu, 01 Jan 1970 00:00:30 GMT', 10_000],
    ['Thu, 01 Jan 1970 00:00:10 GMT', 0],
    ['-1', undefined],
    ['1.5', undefined],
    ['soon', undefined],
    ['', undefined],
    [null, undefined],
  ])('%j → %j ms (now = 20 s after the epoch)', (value, ms) => {
    expect(parseRetryAfter(value, 20_000)).toBe(ms);
  });
});
