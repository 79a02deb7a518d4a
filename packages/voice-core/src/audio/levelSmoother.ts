/** Options of {@link createLevelSmoother}. */
export interface LevelSmootherOptions {
  /** Time constant (ms) while the level rises. Short, so speech onsets show at once. Default 40. */
  attackMs?: number;
  /** Time constant (ms) while the level falls. Longer, so the meter doesn't flicker. Default 250. */
  releaseMs?: number;
}

/** An attack/release envelope follower for audio levels in [0, 1]. */
export interface LevelSmoother {
  /**
   * Feeds one raw level sampled at `now` (ms, any monotonic clock) and returns the smoothed
   * level. Input is clamped to [0, 1]; a non-finite input counts as silence (0).
   */
  next(raw: number, now: number): number;
  /** The current smoothed level (0 before the first sample). */
  readonly value: number;
  /** Forgets the history: the next sample initialises the envelope again. */
  reset(): void;
}

function timeConstant(value: number | undefined, fallback: number, name: string): number {
  const ms = value ?? fallback;
  if (!Number.isFinite(ms) || ms < 0) {
    throw new RangeError(`${name} must be a finite number ≥ 0, got ${ms}`);
  }
  return ms;
}

/**
 * Creates an attack/release envelope follower.
 *
 * The smoothing factor is derived from the real time elapsed since the previous sample
 * (`1 - e^(-Δt/τ)`), not from a per-sample constant, so the meter moves at the same speed
 * whether levels arrive at 10 Hz (Daily's `participant-updated`) or at 60 Hz (an analyser on
 * `requestAnimationFrame`). Deterministic: no timers, the caller passes `now`.
 *
 * @throws RangeError when a time constant is negative or not finite (a programming error).
 * @example
 * ```ts
 * const smoother = createLevelSmoother({ attackMs: 40, releaseMs: 250 });
 * const shown = smoother.next(participant.audioLevel, performance.now());
 * ```
 */
export function createLevelSmoother(options: LevelSmootherOptions = {}): LevelSmoother {
  const attackMs = timeConstant(options.attackMs, 40, 'attackMs');
  const releaseMs = timeConstant(options.releaseMs, 250, 'releaseMs');
  let value = 0;
  let last: number | null = null;

  return {
    next(raw, now) {
      const level = Number.isFinite(raw) ? Math.min(1, Math.max(0, raw)) : 0;
      if (last === null || !Number.isFinite(last)) {
        // First sample: starting from 0 would make every session open with a fake attack ramp.
        value = level;
        last = now;
        return value;
      }
      // A clock that stands still or steps back (tab throttling, reordered events) must not
      // produce a negative or NaN factor: such a sample simply contributes nothing.
      const dt = Number.isFinite(now) ? Math.max(0, now - last) : 0;
      if (Number.isFinite(now) && now > last) last = now;
      const tau = level > value ? attackMs : releaseMs;
      // τ = 0 means "no smoothing": assign exactly rather than accumulate rounding error.
      value = tau === 0 ? level : value + (level - value) * (1 - Math.exp(-dt / tau));
      return value;
    },
    get value() {
      return value;
    },
    reset() {
      value = 0;
      last = null;
    },
  };
}
