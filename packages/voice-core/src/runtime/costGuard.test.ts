import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CLIENT_LIMITS } from '../sessionOptions';
import { type CostGuardLimits, startCostGuard, warningWindows } from './costGuard';

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

  /** A guard on `limits` that logs warnings and the end, as seconds since the start. */
  const on = (limits: CostGuardLimits) => {
    const log: string[] = [];
    const at = () => Math.round((Date.now() - 1_000_000) / 1000);
    const guard = startCostGuard(limits, {
      onWarning: (kind) => log.push(`${at()}s warn:${kind}`),
      onExpire: (kind) => log.push(`${at()}s expire:${kind}`),
      onChange: () => {},
    });
    return { guard, log };
  };

  it('with the defaults a conversation shows no warning until the last minute, then one', async () => {
    const { guard, log } = on(DEFAULT_CLIENT_LIMITS);
    // Someone speaks every 20 s for ten minutes.
    for (let t = 0; t < 30; t++) {
      await vi.advanceTimersByTimeAsync(20_000);
      guard.activity();
    }
    expect(log).toEqual(['540s warn:hard', '600s expire:hard']);
  });

  it('with the defaults 90 s of silence warns of the idle end once; speech clears it', async () => {
    const { guard, log } = on(DEFAULT_CLIENT_LIMITS);
    await vi.advanceTimersByTimeAsync(89_000);
    expect(log).toEqual([]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(log).toEqual(['90s warn:idle']);
    guard.activity();
    expect(guard.state.warning).toBeNull();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(log).toEqual(['90s warn:idle', '180s warn:idle', '210s expire:idle']);
  });

  it('a lead as long as the limit warns at half of it, not at once', async () => {
    expect(warningWindows({ hardMs: 60_000, idleMs: 8000, warnMs: 60_000 })).toEqual({
      hard: 30_000,
      idle: 4000,
    });
    const { log } = on({ hardMs: 60_000, idleMs: 600_000, warnMs: 60_000 });
    await vi.advanceTimersByTimeAsync(29_000);
    expect(log).toEqual([]);
    await vi.advanceTimersByTimeAsync(31_000);
    expect(log).toEqual(['30s warn:hard', '60s expire:hard']);
  });

  it('a short idle limit while the bot talks: no warning at all, however often activity comes', async () => {
    const { guard, log } = on({ hardMs: 600_000, idleMs: 4000, warnMs: 4000 });
    for (let t = 0; t < 300; t++) {
      await vi.advanceTimersByTimeAsync(100);
      guard.activity(); // the bot's level, ten times a second
    }
    expect(log).toEqual([]);
    await vi.advanceTimersByTimeAsync(4000);
    expect(log).toEqual(['32s warn:idle', '34s expire:idle']);
  });

  it('each deadline warns once, however often it is checked, also when the nearer one changes', async () => {
    const { guard, log } = on({ hardMs: 100_000, idleMs: 60_000, warnMs: 20_000 });
    await vi.advanceTimersByTimeAsync(40_000); // idle warning (idle at 60 s is nearer)
    await vi.advanceTimersByTimeAsync(20_000 - 1);
    guard.activity(); // idle moves to 119.999 s: the hard (100 s) is nearer and warns
    await vi.advanceTimersByTimeAsync(1);
    for (let i = 0; i < 40; i++) {
      await vi.advanceTimersByTimeAsync(1000);
      guard.check();
    }
    expect(log).toEqual(['40s warn:idle', '80s warn:hard', '100s expire:hard']);
  });
});
