/**
 * Three voice states, not two. `noise` exists because a live microphone is never at 0:
 * room tone and keyboard clicks must not light up a "speaking" indicator.
 */
export type VoiceState = 'silent' | 'noise' | 'speaking';

/** Options of {@link createVoiceActivity}. Levels are in [0, 1], like Daily's `audioLevel`. */
export interface VoiceActivityOptions {
  /** Level at which `silent` becomes `noise`. Default 0.05. */
  noiseFloor?: number;
  /** Level at which any state becomes `speaking`. Default 0.15. */
  speechThreshold?: number;
  /**
   * Fraction in [0, 1): a state is left only below `threshold * (1 - hysteresis)`, so a level
   * wobbling around a threshold doesn't chatter. Default 0.3.
   */
  hysteresis?: number;
  /** A state is kept at least this long (ms) after the level drops below its exit threshold. Default 300. */
  holdMs?: number;
}

/** A silent / noise / speaking classifier with hysteresis and hold. */
export interface VoiceActivity {
  /** Feeds one (preferably smoothed) level at `now` (ms) and returns the current state. */
  update(level: number, now: number): VoiceState;
  /** The current state (`silent` before the first update). */
  readonly state: VoiceState;
  /** Back to `silent`, forgetting any pending hold. */
  reset(): void;
}

function unitInterval(value: number, name: string, allowOne = true): number {
  const ok = Number.isFinite(value) && value >= 0 && (allowOne ? value <= 1 : value < 1);
  if (!ok) throw new RangeError(`${name} must be in [0, 1${allowOne ? ']' : ')'}, got ${value}`);
  return value;
}

/**
 * Creates a voice activity classifier.
 *
 * Rising is immediate (level ≥ `speechThreshold` → `speaking`, level ≥ `noiseFloor` →
 * `noise`); falling needs the level to stay below the state's exit threshold
 * (`threshold * (1 - hysteresis)`) for `holdMs`, and then lands on the state the level
 * points at. The asymmetry is deliberate: a late "you're speaking" feels broken, while a
 * speaking indicator that survives a breath between words is what people expect.
 *
 * Options are validated here because creating the classifier is a programming step; a bad
 * configuration should fail loudly in development, not be reported at runtime.
 *
 * @throws RangeError when a level option is outside [0, 1], `hysteresis` is not in [0, 1),
 *   `noiseFloor ≥ speechThreshold`, or `holdMs` is negative or not finite.
 * @example
 * ```ts
 * const vad = createVoiceActivity({ noiseFloor: 0.05, speechThreshold: 0.15 });
 * const state = vad.update(smoother.next(level, now), now);
 * ```
 */
export function createVoiceActivity(options: VoiceActivityOptions = {}): VoiceActivity {
  const noiseFloor = unitInterval(options.noiseFloor ?? 0.05, 'noiseFloor');
  const speechThreshold = unitInterval(options.speechThreshold ?? 0.15, 'speechThreshold');
  // hysteresis = 1 would put the exit threshold at 0, making every state permanent.
  const hysteresis = unitInterval(options.hysteresis ?? 0.3, 'hysteresis', false);
  const holdMs = options.holdMs ?? 300;
  if (!Number.isFinite(holdMs) || holdMs < 0) {
    throw new RangeError(`holdMs must be a finite number ≥ 0, got ${holdMs}`);
  }
  if (noiseFloor >= speechThreshold) {
    throw new RangeError(
      `noiseFloor (${noiseFloor}) must be below speechThreshold (${speechThreshold})`,
    );
  }
  const exitThreshold: Record<VoiceState, number> = {
    silent: 0,
    noise: noiseFloor * (1 - hysteresis),
    speaking: speechThreshold * (1 - hysteresis),
  };

  let state: VoiceState = 'silent';
  /** When the level first went below the current state's exit threshold; null while above. */
  let belowSince: number | null = null;

  const enter = (next: VoiceState): VoiceState => {
    if (next !== state) {
      state = next;
      belowSince = null;
    }
    return state;
  };

  return {
    update(raw, now) {
      const level = Number.isFinite(raw) ? raw : 0;
      if (level >= speechThreshold) return enter('speaking');
      if (state === 'silent') return level >= noiseFloor ? enter('noise') : state;

      if (level >= exitThreshold[state]) {
        // Back above the exit threshold: the hold starts over on the next dip.
        belowSince = null;
        return state;
      }
      // A non-finite clock can't measure a hold; keep the state rather than guess.
      if (!Number.isFinite(now)) return state;
      belowSince ??= now;
      if (now - belowSince < holdMs) return state;
      return enter(level >= noiseFloor ? 'noise' : 'silent');
    },
    get state() {
      return state;
    },
    reset() {
      state = 'silent';
      belowSince = null;
    },
  };
}
