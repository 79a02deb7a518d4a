import { beforeEach, describe, expect, it, vi } from 'vitest';
import { type EngineSetup, useEngineClock } from '../../test/engineHarness';
import {
  createDailyCallExclusion,
  DAILY_CALL_END_EVENT,
  DAILY_CALL_START_EVENT,
  type DailyCallSlice,
} from './dailyCallExclusion';

const advance = (ms: number) => vi.advanceTimersByTimeAsync(ms);
const { settle, setup: engineSetup } = useEngineClock();

let setup: EngineSetup;
beforeEach(() => {
  setup = engineSetup({ bot: { mode: 'happy' } });
});

describe('createDailyCallExclusion (no framework)', () => {
  it('window events pause an active session (mic muted, call kept) and resume it', async () => {
    const slices: DailyCallSlice[] = [];
    const exclusion = createDailyCallExclusion(setup.session, (s) => slices.push(s));
    const target = new EventTarget();
    const unlisten = exclusion.listen(target);
    void setup.session.start();
    await advance(1500);
    const call = setup.room.call;

    target.dispatchEvent(
      new CustomEvent(DAILY_CALL_START_EVENT, { detail: { roomUrl: 'https://x.daily.co/team' } }),
    );
    expect(setup.session.getSnapshot().status).toBe('paused');
    expect(call?.localAudio()).toBe(false);
    expect(setup.room.call).toBe(call);

    target.dispatchEvent(new CustomEvent(DAILY_CALL_END_EVENT));
    expect(setup.session.getSnapshot().status).toBe('active');
    expect(call?.localAudio()).toBe(true);
    expect(setup.statuses).toEqual(['connecting', 'active', 'paused', 'active']);
    expect(slices).toEqual([
      { joined: true, roomUrl: 'https://x.daily.co/team' },
      { joined: false, roomUrl: null },
    ]);
    unlisten();
    exclusion.dispose();
    await settle(setup.session.stop());
  });

  it('a session that becomes active during a DailyCall is paused at once; resumes after', async () => {
    const exclusion = createDailyCallExclusion(setup.session, () => {});
    const key = {};
    exclusion.enter(key);
    void setup.session.start();
    await advance(1500);
    expect(setup.statuses).toEqual(['connecting', 'active', 'paused']);
    exclusion.leave(key);
    expect(setup.session.getSnapshot().status).toBe('active');
    exclusion.dispose();
    await settle(setup.session.stop());
  });

  it('does not resume a pause it did not make, and waits for the last of two DailyCalls', async () => {
    const exclusion = createDailyCallExclusion(setup.session, () => {});
    void setup.session.start();
    await advance(1500);
    setup.session.pause(); // the app paused on its own
    const a = {};
    exclusion.enter(a);
    exclusion.leave(a);
    expect(setup.session.getSnapshot().status).toBe('paused');
    setup.session.resume();

    const b = {};
    const c = {};
    exclusion.enter(b);
    exclusion.enter(c);
    exclusion.leave(b);
    expect(setup.session.getSnapshot().status).toBe('paused');
    exclusion.leave(c);
    expect(setup.session.getSnapshot().status).toBe('active');
    exclusion.dispose();
    await settle(setup.session.stop());
  });
});
