import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startCostGuard } from './costGuard';

describe('cost guard', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(1_000_000);
  });
  afterEach(() => vi.useRealTimers());

  const make = (hardMs = 60_000, idleMs = 30_000, warnMs = 10_000) => {
    const log: string[] = [];
    const guard = startCostGuard(
      { hardMs, idleMs, warnMs },
      {
        onWarning: (kind, deadline) => log.push(`warn:${kind}@${deadline - 1_000_000}`),
        onExpire: (kind) => log.push(`expire:${kind}`),
        onChange: () => {},
      },
    );
    return { guard, log };
  };

  it('warns before the idle deadline, then expires on it', async () => {
    const { guard, log } = make();
    await vi.advanceTimersByTimeAsync(19_999);
    expect(log).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(log).toEqual(['warn:idle@30000']);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(log).toEqual(['warn:idle@30000', 'expire:idle']);
    expect(vi.getTimerCount()).toBe(0);
    guard.stop();
  });

  it('activity pushes the idle deadline and clears its warning; the hard max still ends it', async () => {
    const { guard, log } = make();
    for (let t = 0; t < 55; t++) {
      await vi.advanceTimersByTimeAsync(1000);
      guard.activity();
    }
    expect(guard.state.warning).toEqual({ kind: 'hard', deadline: 1_060_000 });
    await vi.advanceTimersByTimeAsync(5000);
    expect(log).toEqual(['warn:hard@60000', 'expire:hard']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('ends on the wall clock even when timers were throttled (one late tick)', async () => {
    const { log } = make(60_000, 600_000);
    // A background tab: the clock jumps 2 minutes while no timer fires…
    vi.setSystemTime(1_000_000 + 120_000);
    expect(log).toEqual([]);
    // …then the throttled timer fires once, late.
    await vi.advanceTimersByTimeAsync(1000);
    expect(log).toEqual(['expire:hard']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('check() ends a session without waiting for any timer', () => {
    const { guard, log } = make();
    vi.setSystemTime(1_000_000 + 61_000);
    guard.check();
    expect(log).toEqual(['expire:hard']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stop() leaves no timer and no later callback', async () => {
    const { guard, log } = make();
    guard.stop();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(log).toEqual([]);
  });
});
