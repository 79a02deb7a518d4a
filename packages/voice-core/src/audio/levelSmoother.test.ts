import { describe, expect, it } from 'vitest';
import { createLevelSmoother } from './levelSmoother';

/** Feeds `level(t)` every `periodMs` up to `untilMs`; returns the smoothed value at each sample. */
function sample(level: (t: number) => number, periodMs: number, untilMs: number) {
  const smoother = createLevelSmoother();
  const out = new Map<number, number>();
  for (let t = 0; t <= untilMs + 1e-9; t += periodMs) {
    out.set(Math.round(t), smoother.next(level(t), t));
  }
  return out;
}

describe('createLevelSmoother', () => {
  it('initialises from the first sample instead of ramping up from 0', () => {
    const smoother = createLevelSmoother();
    expect(smoother.value).toBe(0);
    expect(smoother.next(0.6, 1000)).toBe(0.6);
    expect(smoother.value).toBe(0.6);
  });

  it('rises faster than it falls', () => {
    const up = createLevelSmoother();
    up.next(0, 0);
    const down = createLevelSmoother();
    down.next(1, 0);
    for (let t = 16; t <= 96; t += 16) {
      up.next(1, t);
      down.next(0, t);
    }
    // After ~100 ms: attack (40 ms) is nearly there, release (250 ms) has barely moved.
    expect(up.value).toBeGreaterThan(0.9);
    expect(down.value).toBeGreaterThan(0.6);
    expect(up.value).toBeGreaterThan(1 - down.value);
  });

  it('follows the exponential time constants', () => {
    const smoother = createLevelSmoother({ attackMs: 50, releaseMs: 200 });
    smoother.next(0, 0);
    expect(smoother.next(1, 50)).toBeCloseTo(1 - Math.exp(-1), 10);
    const peak = smoother.value;
    expect(smoother.next(0, 250)).toBeCloseTo(peak * Math.exp(-1), 10);
  });

  it('gives the same response at 10 Hz and at 60 Hz', () => {
    // A talk-spurt: silence, speech, a pause, speech, silence. Each change happens just after
    // an instant both rates sample (a multiple of 100 ms), so both see it at the same time.
    const level = (t: number) => {
      const ms = Math.round(t);
      return ms <= 100 ? 0 : ms <= 500 ? 0.8 : ms <= 700 ? 0.1 : ms <= 900 ? 0.6 : 0;
    };
    const slow = sample(level, 100, 1500);
    const fast = sample(level, 1000 / 60, 1500);
    for (const t of [200, 300, 500, 600, 700, 800, 1000, 1200, 1500]) {
      expect(fast.get(t), `t=${t}`).toBeCloseTo(slow.get(t) ?? Number.NaN, 9);
    }
  });

  it('clamps input to [0, 1]', () => {
    const smoother = createLevelSmoother();
    expect(smoother.next(3, 0)).toBe(1);
    expect(smoother.next(7, 100)).toBe(1);
    smoother.reset();
    expect(smoother.next(-2, 0)).toBe(0);
    expect(smoother.next(-2, 100)).toBe(0);
  });

  it('treats NaN and infinities as silence', () => {
    const smoother = createLevelSmoother();
    expect(smoother.next(Number.NaN, 0)).toBe(0);
    smoother.next(1, 1000);
    const before = smoother.value;
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const v = smoother.next(bad, 1100);
      expect(Number.isFinite(v)).toBe(true);
    }
    expect(smoother.value).toBeLessThan(before);
  });

  it('ignores samples whose clock stands still or goes back', () => {
    const smoother = createLevelSmoother();
    smoother.next(0.2, 100);
    expect(smoother.next(1, 100)).toBe(0.2);
    expect(smoother.next(1, 50)).toBe(0.2);
    expect(smoother.next(1, Number.NaN)).toBe(0.2);
    // Measured from the latest clock reading (100), not from the earlier one.
    expect(smoother.next(1, 140)).toBeCloseTo(0.2 + 0.8 * (1 - Math.exp(-1)), 10);
  });

  it('reset() forgets the envelope', () => {
    const smoother = createLevelSmoother();
    smoother.next(1, 0);
    smoother.reset();
    expect(smoother.value).toBe(0);
    expect(smoother.next(0.3, 5)).toBe(0.3);
  });

  it('treats a zero time constant as no smoothing', () => {
    const smoother = createLevelSmoother({ attackMs: 0, releaseMs: 0 });
    smoother.next(0, 0);
    expect(smoother.next(0.7, 10)).toBe(0.7);
    expect(smoother.next(0.1, 20)).toBe(0.1);
  });

  it('rejects negative or non-finite time constants', () => {
    expect(() => createLevelSmoother({ attackMs: -1 })).toThrow(RangeError);
    expect(() => createLevelSmoother({ releaseMs: Number.NaN })).toThrow(RangeError);
    expect(() => createLevelSmoother({ releaseMs: Number.POSITIVE_INFINITY })).toThrow(RangeError);
  });
});
