import { describe, expect, it } from 'vitest';
import { barProfile, levelToBars, MIN_BAR_HEIGHT } from './levelBars';

describe('barProfile', () => {
  it('is 1 in the middle, symmetric, lowest at the edges', () => {
    const p = barProfile(5);
    expect(p).toHaveLength(5);
    expect(p[2]).toBe(1);
    expect(p[0]).toBeCloseTo(0.45);
    expect(p[1]).toBeCloseTo(p[3] as number);
    expect(p[0]).toBeLessThan(p[1] as number);
  });
  it('gives one full bar for one, none for zero or less', () => {
    expect(barProfile(1)).toEqual([1]);
    expect(barProfile(0)).toEqual([]);
    expect(barProfile(-3)).toEqual([]);
  });
});

describe('levelToBars', () => {
  const p = barProfile(5);
  it('keeps every bar at the floor when silent and the middle at 1 when loudest', () => {
    expect(levelToBars(0, p)).toEqual([0.08, 0.08, 0.08, 0.08, 0.08]);
    expect(levelToBars(1, p)[2]).toBe(1);
  });
  it('maps half a level as the example says', () => {
    expect(levelToBars(0.5, p).map((h) => Number(h.toFixed(3)))).toEqual([
      0.287, 0.477, 0.54, 0.477, 0.287,
    ]);
  });
  it('clamps out-of-range and NaN levels', () => {
    expect(levelToBars(7, p)).toEqual(levelToBars(1, p));
    expect(levelToBars(-1, p)).toEqual(levelToBars(0, p));
    expect(levelToBars(Number.NaN, p)).toEqual(levelToBars(0, p));
  });
  it('writes into the given array (no allocation per frame)', () => {
    const out = [0, 0, 0, 0, 0];
    expect(levelToBars(0.3, p, MIN_BAR_HEIGHT, out)).toBe(out);
    expect(out[2]).toBeCloseTo(0.08 + 0.92 * 0.3);
  });
});
