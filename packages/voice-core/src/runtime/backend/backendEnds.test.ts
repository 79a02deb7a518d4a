/**
 * The engine's side of ending on the backend: an abandoned start ended by its idempotency
 * key, failed ends retried then beaconed, answers that say the session is gone (item by
 * item: heartbeat 410, mute 410, a takeover by another tab), and the client timeline sent
 * with every end. Fake timers only: every step is ordered by the mock's latency.
 */
import { describe, expect, it, vi } from 'vitest';
import { type EngineSetupOptions, startActive, useEngineClock } from '../../../test/engineHarness';
import { assertNoLeftovers, MockDailyCall } from '../../testing';

const { settle, setup: engineSetup } = useEngineClock({
  afterDrain: () => {
    vi.unstubAllGlobals();
    assertNoLeftovers();
  },
});

function setup(o: Pick<EngineSetupOptions, 'backend' | 'client' | 'session'> = {}) {
  const s = engineSetup({ bot: { script: [] }, ...o });
  const { backend } = s;
  /** Every request as `METHOD path {body}`, for ordered assertions. */
  const log = () => backend.requests.map((r) => `${r.method} ${r.path.split('?')[0]}`);
  const bodies = (method: string, path: string) =>
    backend.requests
      .filter((r) => r.method === method && r.path === path)
      .map((r) => r.body as Record<string, unknown>);
  return { room: s.room, backend, session: s.session, statuses: s.statuses, log, bodies };
}

/** The call was left and destroyed, and the mic track stopped. */
function expectReleased(call: MockDailyCall | null) {
  expect(call?.isDestroyed()).toBe(true);
  if (call?.localTrack) expect(call.localTrack.readyState).toBe('ended');
  expect(MockDailyCall.liveInstances()).toBe(0);
}

describe('an abandoned start is ended by its key', () => {
  it('a stop while POST /session is in flight ends the session the backend made, once', async () => {
    const s = setup();
    void s.session.start();
    await vi.advanceTimersByTimeAsync(10); // the mock made the session at receipt; no answer yet
    const [start] = s.bodies('POST', '/session');
    const key = start?.idempotencyKey;
    expect(key).toMatch(/^[A-Za-z0-9_-]{8,100}$/);
    expect(s.backend.sessions.get('mock-sess-1')?.status).toBe('active');
    await settle(s.session.stop());
    expect(s.bodies('DELETE', '/session')).toEqual([
      {
        idempotencyKey: key,
        reason: 'user',
        timeline: {
          joinedMs: null,
          botReadyMs: null,
          firstBotAudioMs: null,
          reconnects: 0,
          autoplayBlocks: 0,
        },
      },
    ]);
    expect(s.backend.sessions.get('mock-sess-1')?.status).toBe('ended');
    expect(s.statuses).toEqual(['connecting', 'disconnecting', 'inactive']);
    expect(s.session.getSnapshot().endReason).toBe('user');
    expect(MockDailyCall.liveInstances()).toBe(0);
  });

  it('a page hidden while POST /session is in flight beacons the end by key', async () => {
    const s = setup();
    const target = new EventTarget();
    vi.stubGlobal('addEventListener', target.addEventListener.bind(target));
    vi.stubGlobal('removeEventListener', target.removeEventListener.bind(target));
    vi.stubGlobal('navigator', { sendBeacon: s.backend.sendBeacon });
    void s.session.start();
    await vi.advanceTimersByTimeAsync(10);
    const key = s.bodies('POST', '/session')[0]?.idempotencyKey;
    target.dispatchEvent(new Event('pagehide'));
    await vi.advanceTimersByTimeAsync(500);
    expect(s.bodies('POST', '/session/end')).toEqual([
      expect.objectContaining({ idempotencyKey: key, reason: 'page-hidden' }),
    ]);
    expect(s.bodies('DELETE', '/session')).toEqual([]);
    expect(s.backend.sessions.get('mock-sess-1')?.status).toBe('ended');
    expect(s.session.getSnapshot()).toMatchObject({ status: 'inactive', endReason: 'page-hidden' });
    expect(MockDailyCall.liveInstances()).toBe(0);
  });

  it('a client timeout ends by key the session whose answer came too late', async () => {
    const s = setup({ client: { timeoutMs: 50 } });
    await settle(s.session.start());
    const key = s.bodies('POST', '/session')[0]?.idempotencyKey;
    expect(s.session.getSnapshot().error?.code).toBe('backend-unreachable');
    expect(s.bodies('DELETE', '/session').map((b) => b.idempotencyKey)).toEqual([key]);
    expect(s.backend.sessions.get('mock-sess-1')?.status).toBe('ended');
  });

  it('a start the backend refused (an HTTP answer) sends no end: nothing was made', async () => {
    const s = setup({ backend: { failure: { status: 500 } } });
    await settle(s.session.start());
    expect(s.session.getSnapshot().error?.code).toBe('backend-server');
    expect(s.log()).toEqual(['POST /session']);
  });

  it('a retried start reuses its key, so the backend makes one session', async () => {
    const s = setup({ client: { retries: 1, retryDelayMs: 100 } });
    s.backend.failNext({ network: true }, 1, '/session');
    await settle(s.session.start());
    const keys = s.bodies('POST', '/session').map((b) => b.idempotencyKey);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    expect(s.session.getSnapshot().status).toBe('active');
    expect([...s.backend.sessions.keys()]).toEqual(['mock-sess-1']);
  });
});

describe('ending on the backend', () => {
  it('retries a failed DELETE with backoff, then falls back to the beacon', async () => {
    const s = setup({ client: { retryDelayMs: 100 } });
    vi.stubGlobal('navigator', { sendBeacon: s.backend.sendBeacon });
    await startActive(s);
    const sessionId = s.session.getSnapshot().sessionId;
    s.backend.failNext({ network: true }, 3, '/session');
    await settle(s.session.stop());
    await vi.advanceTimersByTimeAsync(200);
    const ends = s.log().filter((r) => r.includes('/session') && !r.includes('heartbeat'));
    expect(ends).toEqual([
      'POST /session',
      'DELETE /session',
      'DELETE /session',
      'DELETE /session',
      'POST /session/end',
    ]);
    expect(s.bodies('POST', '/session/end')[0]).toMatchObject({ sessionId, reason: 'user' });
    expect(s.backend.sessions.get(sessionId ?? '')?.status).toBe('ended');
    expectReleased(s.room.call);
  });

  it('sends the client timeline with the end: connect marks, reconnects, autoplay blocks', async () => {
    const s = setup();
    await startActive(s);
    s.room.dropNetwork({ recoverAfterMs: 500 });
    await vi.advanceTimersByTimeAsync(600);
    s.session.reportPlayback('blocked');
    s.session.reportPlayback('blocked');
    s.session.reportPlayback('playing');
    await settle(s.session.stop());
    const { timeline } = s.session.getSnapshot();
    const sent = s.bodies('DELETE', '/session')[0]?.timeline as Record<string, unknown>;
    const since = (at: number | null) => (at === null ? null : at - (timeline.requestedAt ?? 0));
    expect(sent).toEqual({
      joinedMs: since(timeline.joinedAt),
      botReadyMs: since(timeline.botReadyAt),
      firstBotAudioMs: since(timeline.firstBotAudioAt),
      reconnects: 1,
      autoplayBlocks: 1,
    });
    expect(sent.joinedMs).toBeGreaterThan(0);
    expect(sent.botReadyMs).toBeGreaterThan(sent.joinedMs as number);
  });

  it('sends the timeline with the beacon on page hide', async () => {
    const s = setup();
    const target = new EventTarget();
    vi.stubGlobal('addEventListener', target.addEventListener.bind(target));
    vi.stubGlobal('removeEventListener', target.removeEventListener.bind(target));
    vi.stubGlobal('navigator', { sendBeacon: s.backend.sendBeacon });
    await startActive(s);
    target.dispatchEvent(new Event('pagehide'));
    await vi.advanceTimersByTimeAsync(500);
    expect(s.bodies('POST', '/session/end')).toEqual([
      expect.objectContaining({
        sessionId: 'mock-sess-1',
        reason: 'page-hidden',
        timeline: expect.objectContaining({ reconnects: 0, autoplayBlocks: 0 }),
      }),
    ]);
    expect(s.bodies('DELETE', '/session')).toEqual([]);
    expect(s.session.getSnapshot().endReason).toBe('page-hidden');
  });
});

describe('an answer that says the session is gone ends it here', () => {
  it('a heartbeat answered 410 ends the session (no event stream): mic released, call left', async () => {
    const s = setup({ backend: { events: false } });
    await startActive(s);
    const call = s.room.call;
    s.backend.endSession('mock-sess-1', 'hard-timeout', { keepBot: true });
    await vi.advanceTimersByTimeAsync(15_000 + 200);
    expect(s.statuses).toEqual(['connecting', 'active', 'disconnecting', 'inactive']);
    const snap = s.session.getSnapshot();
    expect([snap.endReason, snap.error]).toEqual(['server-ended', null]);
    expect(call?.callNames().filter((n) => n === 'leave')).toHaveLength(1);
    expectReleased(call);
  });

  it('a mute answered 410 ends the session', async () => {
    const s = setup({ backend: { events: false } });
    await startActive(s);
    s.backend.endSession('mock-sess-1', 'admin-shutdown', { keepBot: true });
    s.session.setMuted(true);
    await vi.advanceTimersByTimeAsync(500);
    expect(s.session.getSnapshot()).toMatchObject({
      status: 'inactive',
      endReason: 'server-ended',
    });
    expectReleased(s.room.call);
  });
});

describe('the event stream refused because the session is gone', () => {
  it('a 410 on opening the stream ends the session: mic released, call left', async () => {
    const s = setup();
    void s.session.start();
    // The answer is on its way; the server ends the session before the stream is asked for.
    await vi.advanceTimersByTimeAsync(99);
    s.backend.endSession('mock-sess-1', 'hard-timeout', { keepBot: true });
    await vi.advanceTimersByTimeAsync(1500);
    // Ended by the stream's answer while connecting: not reported as an error, never active.
    expect(s.log()).toEqual(['POST /session', 'GET /events', 'DELETE /session']);
    expect(s.statuses).toEqual(['connecting', 'disconnecting', 'inactive']);
    expect(s.session.getSnapshot()).toMatchObject({
      status: 'inactive',
      endReason: 'server-ended',
      error: null,
    });
    expectReleased(s.room.call);
  });
});

describe('another tab takes the session over', () => {
  const takeOver = (s: ReturnType<typeof setup>) =>
    s.backend.fetch(`${s.backend.baseUrl}/session`, {
      method: 'POST',
      body: JSON.stringify({ idempotencyKey: 'other-tab-key-1' }),
    });

  it('by the event stream: this tab ends `replaced`', async () => {
    const s = setup();
    await startActive(s);
    const call = s.room.call;
    void takeOver(s);
    await vi.advanceTimersByTimeAsync(500);
    expect(s.statuses).toEqual(['connecting', 'active', 'disconnecting', 'inactive']);
    expect(s.session.getSnapshot()).toMatchObject({ endReason: 'replaced', error: null });
    expectReleased(call);
  });

  it('by the heartbeat when there is no stream: this tab ends `replaced`', async () => {
    const s = setup({ backend: { events: false } });
    await startActive(s);
    void takeOver(s);
    await vi.advanceTimersByTimeAsync(15_000 + 200);
    expect(s.session.getSnapshot()).toMatchObject({ endReason: 'replaced', error: null });
    expectReleased(s.room.call);
  });
});
