/**
 * How a bar visualizer turns one audio level into bar heights: a centre-weighted profile (the
 * middle bars move most, like a voice's spectrum), a floor so silent bars stay visible, and
 * a ceiling of 1. Pure, so a canvas, CSS or native binding draws the same bars.
 */

/** Height of a bar at level 0 (a dot, not nothing: the user sees the visualizer is there). */
export const MIN_BAR_HEIGHT = 0.08;

/**
 * The weight of each of `count` bars: 1 in the middle, falling to ~0.45 at the edges.
 * `count < 1` gives no bars.
 */
export function barProfile(count: number): number[] {
  const n = Math.max(0, Math.floor(count));
  const mid = (n - 1) / 2;
  return Array.from({ length: n }, (_, i) => {
    const distance = mid === 0 ? 0 : Math.abs(i - mid) / mid;
    return 1 - 0.55 * distance * distance;
  });
}

/**
 * Bar heights (each in `[min, 1]`) for a level in `[0, 1]`; a level outside the range or NaN
 * is clamped (NaN → 0), so a bad sample never draws a bar off the canvas.
 * Writes into `out` when given (the animation loop allocates nothing per frame).
 *
 * @example
 * levelToBars(0.5, barProfile(5)) // → [0.287, 0.477, 0.54, 0.477, 0.287]
 */
export function levelToBars(
  level: number,
  profile: readonly number[],
  min: number = MIN_BAR_HEIGHT,
  out: number[] = new Array<number>(profile.length),
): number[] {
  const l = Number.isFinite(level) ? Math.min(1, Math.max(0, level)) : 0;
  for (let i = 0; i < profile.length; i++) {
    out[i] = min + (1 - min) * l * (profile[i] ?? 0);
  }
  return out;
}
