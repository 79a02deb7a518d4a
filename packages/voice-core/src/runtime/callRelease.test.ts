/**
 * The page's one call object is released as soon as it has left: the backend's answer to the
 * end request does not hold it, so the next session in the page (a provider mounted again)
 * starts at once instead of being refused with `invalid-state`.
 */
import { describe, expect, it, vi } from 'vitest';
import { useEngineClock } from '../../test/engineHarness';
import type { SessionStatus } from '../sessionMachine';
import { createMockBackend, createMockRoom, MockDailyCall } from '../testing';
import { createVoiceSession } from '../voiceSession';

const { settle, defer } = useEngineClock();

/** One room and backend for the page; every `DELETE /session` waits until `answerEnds()`. */
function page() {
  const room = createMockRoom({ bot: { mode: 'happy' } });
  const backend = createMockBackend({ room, latencyMs: 100 });
  const held: Array<() => void> = [];
  let hold = true;
  const fetch: typeof globalThis.fetch = async (input, init) => {
    if (init?.method === 'DELETE' && hold) await new Promise<void>((resolve) => held.push(resolve));
    return backend.fetch(input, init);
  };
  const answerEnds = () => {
    for (const answer of held.splice(0)) answer();
  };
  const release = () => {
    hold = false;
    answerEnds();
  };
  const session = (userId: string) => {
    const s = createVoiceSession({
      backend: { baseUrl: backend.baseUrl, fetch, retries: 0 },
      callFactory: room.callFactory,
      userId,
    });
    const statuses: SessionStatus[] = [];
    s.on('voice.status', ({ status }) => statuses.push(status));
    defer(() => {
      release();
      return settle(s.destroy());
    });
    return { s, statuses };
  };
  defer(() => {
    room.dispose();
    answerEnds();
    backend.dispose();
  });
  return {
    room,
    backend,
    session,
    heldEnds: () => held.length,
    answerEnds,
    /** From now on end requests are answered at once (so the test's clean-up never waits). */
    release,
  };
}

describe('call release', () => {
  it('a new session starts while the previous one still waits for the backend to answer its end', async () => {
    const p = page();
    const a = p.session('ada');
    const started = a.s.start();
    await vi.advanceTimersByTimeAsync(1500);
    await started;
    const firstCall = p.room.call;

    // A is ended (an unmount) and B started at once (the provider mounted again).
    const stopped = a.s.stop('destroyed');
    const b = p.session('bob');
    const bStarted = b.s.start();
    await vi.advanceTimersByTimeAsync(1500);
    await bStarted;

    expect(p.heldEnds()).toBe(1); // A's end request is still unanswered…
    expect(a.statuses).toEqual(['connecting', 'active', 'disconnecting']);
    expect(firstCall?.isDestroyed()).toBe(true); // …but its call was left and destroyed,
    expect(b.statuses).toEqual(['connecting', 'active']); // so B got the page's call.
    expect(b.s.getSnapshot().error).toBeNull();
    expect(MockDailyCall.liveInstances()).toBe(1);

    p.answerEnds();
    await settle(stopped);
    expect(a.statuses).toEqual(['connecting', 'active', 'disconnecting', 'inactive']);
    p.release();
    await settle(b.s.stop());
    expect(MockDailyCall.liveInstances()).toBe(0);
  });
});
