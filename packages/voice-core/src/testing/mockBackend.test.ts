import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StartSessionResponseSchema } from '../runtime/backend/backendProtocol.js';
import { parseRtviMessage, rtviMessage } from '../runtime/rtvi/rtviMessages.js';
import { createMockBackend, type MockBackend } from './mockBackend.js';
import { createMockRoom, type MockRoom } from './mockRoom.js';

let room: MockRoom;
let backend: MockBackend;

beforeEach(() => {
  vi.useFakeTimers();
  room = createMockRoom({
    bot: {
      script: [{ at: 100, kind: 'user-speech', text: 'Hi bot', durationMs: 400, interims: 1 }],
    },
  });
  backend = createMockBackend({ room });
});
afterEach(async () => {
  const call = room.call;
  if (call && !call.isDestroyed()) await call.destroy();
  backend.dispose();
  room.dispose();
});

const post = (path: string, body: unknown, init: RequestInit = {}) =>
  backend.fetch(`${backend.baseUrl}${path}`, {
    method: 'POST',
    body: JSON.stringify(body),
    ...init,
  });

async function settle<T>(promise: Promise<T>, ms = 100): Promise<T> {
  await vi.advanceTimersByTimeAsync(ms);
  return promise;
}

describe('mock backend: sessions', () => {
  it('launches the bot at receipt and answers a valid session after the latency', async () => {
    const pending = post('/session', { userId: 'u1' });
    await vi.advanceTimersByTimeAsync(0);
    expect(room.bot.state).toBe('launching');
    await vi.advanceTimersByTimeAsync(99);
    let done = false;
    void pending.then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(done).toBe(false);
    const response = await settle(pending, 1);
    expect(response.status).toBe(200);
    const body = v.parse(StartSessionResponseSchema, await response.json());
    expect(body).toMatchObject({
      roomUrl: room.url,
      botName: 'parley-bot',
      eventsUrl: `/events?sessionId=${body.sessionId}`,
    });
    expect(room.bot.sessionId).toBe(body.sessionId);
    expect(backend.requests).toEqual([
      { method: 'POST', path: '/session', body: { userId: 'u1' } },
    ]);
  });

  it('omits eventsUrl when events are off; resolves relative URLs', async () => {
    backend.dispose();
    backend = createMockBackend({ room, events: false, latencyMs: 0 });
    const response = await settle(
      backend.fetch('/api/voice/session', { method: 'POST', body: '{}' }),
      0,
    );
    expect((await response.json()).eventsUrl).toBeUndefined();
  });

  it('ends idempotently (DELETE and POST /session/end), rejects heartbeats after', async () => {
    const { sessionId } = await (await settle(post('/session', {}))).json();
    const hb = await settle(post('/session/heartbeat', { sessionId, active: true, at: 1 }));
    expect(hb.status).toBe(200);
    const del = await settle(
      backend.fetch(`${backend.baseUrl}/session`, {
        method: 'DELETE',
        body: JSON.stringify({ sessionId }),
      }),
    );
    expect(del.status).toBe(200);
    expect((await settle(post('/session/end', { sessionId, reason: 'unload' }))).status).toBe(200);
    expect(backend.sessions.get(sessionId)?.status).toBe('ended');
    expect(
      (await settle(post('/session/heartbeat', { sessionId, active: true, at: 2 }))).status,
    ).toBe(410);
  });

  it('answers a replayed start key with its session, and refuses a key ended before it came', async () => {
    const first = await (
      await settle(post('/session', { idempotencyKey: 'key-mock-0001' }))
    ).json();
    const again = await (
      await settle(post('/session', { idempotencyKey: 'key-mock-0001' }))
    ).json();
    expect(again.sessionId).toBe(first.sessionId);
    expect([...backend.sessions.keys()]).toEqual([first.sessionId]);
    const del = (body: unknown) =>
      backend.fetch(`${backend.baseUrl}/session`, { method: 'DELETE', body: JSON.stringify(body) });
    expect((await settle(del({ idempotencyKey: 'key-mock-0001' }))).status).toBe(200);
    expect(backend.sessions.get(first.sessionId)?.status).toBe('ended');
    expect((await settle(del({ idempotencyKey: 'key-mock-0002' }))).status).toBe(200);
    const late = await settle(post('/session', { idempotencyKey: 'key-mock-0002' }));
    expect([late.status, (await late.json()).error.code]).toEqual([410, 'session-ended']);
    expect(backend.sessions.size).toBe(1);
  });

  it('a start under a new key takes the live session over: `replaced`, by event and answer', async () => {
    const first = await (await settle(post('/session', { idempotencyKey: 'key-tab-a-01' }))).json();
    await settle(post('/session', { idempotencyKey: 'key-tab-b-01' }));
    const old = backend.sessions.get(first.sessionId);
    expect([old?.status, old?.endReason, old?.events.map((e) => [e.type, e.data])]).toEqual([
      'ended',
      'replaced',
      [['session-ended', { reason: 'replaced' }]],
    ]);
    const beat = await settle(
      post('/session/heartbeat', { sessionId: first.sessionId, active: false, at: 1 }),
    );
    expect([beat.status, (await beat.json()).error.code]).toEqual([410, 'session-replaced']);
  });

  it('tells the bot to leave when its session ends, even if the client never joined', async () => {
    const { sessionId } = await (await settle(post('/session', {}), 1000)).json();
    expect(room.bot.state).toBe('joined');
    const other = await (await settle(post('/session', {}), 100)).json();
    expect(room.bot.state).toBe('joined'); // a replaced session hands its bot to the new one
    await settle(post('/session/end', { sessionId, reason: 'error' }));
    expect(room.bot.state).toBe('joined');
    await settle(post('/session/end', { sessionId: other.sessionId, reason: 'error' }));
    expect(room.bot.state).toBe('left');
    expect(room.bot.participant()).toBeNull();
    expect(room.pendingTimers()).toBe(0);
  });

  it('applies mute updates by time: an older `at` loses', async () => {
    const { sessionId } = await (await settle(post('/session', {}))).json();
    expect(
      await (await settle(post('/mute', { sessionId, muted: true, at: 20 }))).json(),
    ).toMatchObject({ applied: true });
    expect(
      await (await settle(post('/mute', { sessionId, muted: false, at: 10 }))).json(),
    ).toMatchObject({
      applied: false,
      muted: true,
    });
  });

  it('answers 400 to an invalid body and 404 to an unknown route', async () => {
    expect((await settle(post('/session', { persistence: 'long' }))).status).toBe(400);
    expect((await settle(post('/nope', {}))).status).toBe(404);
  });
});

describe('mock backend: failures', () => {
  it.each([401, 403, 500, 502, 503] as const)('answers %i with an error body', async (status) => {
    backend.failNext({ status });
    const response = await settle(post('/session', {}));
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({
      error: { code: `http-${status}`, message: expect.any(String) },
    });
    expect(room.bot.state).toBe('idle');
    // Only the next request failed.
    expect((await settle(post('/session', {}))).status).toBe(200);
  });

  it('answers 429 with Retry-After', async () => {
    backend.failNext({ status: 429, retryAfterSec: 7 }, 2);
    expect((await settle(post('/session', {}))).headers.get('retry-after')).toBe('7');
    expect((await settle(post('/session', {}))).status).toBe(429);
    expect((await settle(post('/session', {}))).status).toBe(200);
  });

  it('rejects with TypeError on a network failure', async () => {
    backend.failNext({ network: true });
    const pending = post('/session', {});
    const assertion = expect(pending).rejects.toThrow(TypeError);
    await vi.advanceTimersByTimeAsync(100);
    await assertion;
  });

  it('hangs until aborted, then rejects with the abort reason', async () => {
    backend.failNext({ hang: true });
    const controller = new AbortController();
    const pending = post('/session', {}, { signal: controller.signal });
    const assertion = expect(pending).rejects.toThrow('gave up');
    await vi.advanceTimersByTimeAsync(60_000);
    controller.abort(new Error('gave up'));
    await assertion;
  });

  it('honours an abort during the latency, and an already-aborted signal', async () => {
    const controller = new AbortController();
    const pending = post('/session', {}, { signal: controller.signal });
    const assertion = expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await vi.advanceTimersByTimeAsync(50);
    controller.abort();
    await assertion;
    await expect(post('/session', {}, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('setFailure fails every request until cleared', async () => {
    backend.setFailure({ status: 503 });
    expect((await settle(post('/session', {}))).status).toBe(503);
    expect((await settle(post('/session', {}))).status).toBe(503);
    backend.setFailure(undefined);
    expect((await settle(post('/session', {}))).status).toBe(200);
  });
});

/** Reads SSE frames from a response body as they arrive. */
function sseReader(response: Response) {
  const reader = response.body?.getReader();
  if (!reader) throw new Error('no body');
  const decoder = new TextDecoder();
  let buffer = '';
  let closed = false;
  const frames: Array<{ id: string; data: { id: string; type: string; data?: unknown } }> = [];
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        closed = true;
        return;
      }
      buffer += decoder.decode(value, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const id = /^id: (.*)$/m.exec(frame)?.[1] ?? '';
        const data = JSON.parse(/^data: (.*)$/m.exec(frame)?.[1] ?? 'null');
        frames.push({ id, data });
        end = buffer.indexOf('\n\n');
      }
    }
  })();
  return { frames, isClosed: () => closed, pump, reader };
}

describe('mock backend: SSE events', () => {
  it('relays bot events by their own ids, and closes on session end', async () => {
    const started = await (await settle(post('/session', {}))).json();
    const events = await settle(backend.fetch(`${backend.baseUrl}${started.eventsUrl}`));
    expect(events.headers.get('content-type')).toBe('text/event-stream');
    expect(backend.openStreams()).toBe(1);
    const sse = sseReader(events);
    const call = await room.callFactory({});
    const rtviTexts: string[] = [];
    call.on('app-message', (e) => {
      const parsed = parseRtviMessage(e.data);
      if (parsed.ok && parsed.message.type === 'user-transcription')
        rtviTexts.push(parsed.message.data.text);
    });
    call.on('track-started', (e) => {
      if (e.participant?.local) return;
      call.sendAppMessage(
        rtviMessage('client-ready', { version: '2.1.0', about: { library: 't' } }),
        '*',
      );
    });
    void call.join({ url: started.roomUrl, token: started.token });
    await vi.advanceTimersByTimeAsync(2000);
    expect(sse.frames.map((f) => [f.data.type, (f.data.data as { text: string }).text])).toEqual([
      ['transcript', 'Hi'],
      ['transcript', 'Hi bot'],
    ]);
    expect(sse.frames.map((f) => (f.data.data as { text: string }).text)).toEqual(rtviTexts);
    for (const frame of sse.frames) expect(frame.id).toBe(frame.data.id);
    expect(new Set(sse.frames.map((f) => f.id)).size).toBe(sse.frames.length);
    backend.emit({ id: 'w1', type: 'warning', data: { kind: 'idle', remainingMs: 5000 } });
    await vi.advanceTimersByTimeAsync(0);
    expect(sse.frames.at(-1)?.data).toEqual({
      id: 'w1',
      type: 'warning',
      data: { kind: 'idle', remainingMs: 5000 },
    });
    backend.endSession(started.sessionId, 'hard-limit');
    await sse.pump;
    expect(sse.frames.at(-1)?.data.type).toBe('session-ended');
    expect(sse.isClosed()).toBe(true);
    expect(backend.openStreams()).toBe(0);
    await call.destroy();
  });

  it('replays events buffered before the stream opened, and errors the stream on abort', async () => {
    const started = await (await settle(post('/session', {}))).json();
    backend.emit({ id: 'early', type: 'bot-message', data: { hello: 1 } });
    const controller = new AbortController();
    const events = await settle(
      backend.fetch(`${backend.baseUrl}${started.eventsUrl}`, { signal: controller.signal }),
    );
    const sse = sseReader(events);
    await vi.advanceTimersByTimeAsync(0);
    expect(sse.frames.map((f) => f.id)).toEqual(['early']);
    controller.abort();
    await expect(sse.pump).rejects.toMatchObject({ name: 'AbortError' });
    expect(backend.openStreams()).toBe(0);
  });

  it('closes streams when the reader cancels', async () => {
    const started = await (await settle(post('/session', {}))).json();
    const events = await settle(backend.fetch(`${backend.baseUrl}${started.eventsUrl}`));
    await events.body?.cancel();
    expect(backend.openStreams()).toBe(0);
  });
});
