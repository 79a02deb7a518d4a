import { describe, expect, it } from 'vitest';
import { createVoiceActivity, type VoiceActivityOptions, type VoiceState } from './voiceActivity';

/** Feeds levels every `stepMs` from `start`; returns every state change with its time. */
function run(
  levels: readonly number[],
  options: VoiceActivityOptions = {},
  stepMs = 20,
): { changes: VoiceState[]; at: number[]; final: VoiceState } {
  const vad = createVoiceActivity(options);
  const changes: VoiceState[] = [vad.state];
  const at: number[] = [0];
  levels.forEach((level, i) => {
    const now = i * stepMs;
    const state = vad.update(level, now);
    expect(vad.state).toBe(state);
    if (state !== changes.at(-1)) {
      changes.push(state);
      at.push(now);
    }
  });
  return { changes, at, final: vad.state };
}

const repeat = (level: number, count: number) => Array.from({ length: count }, () => level);

describe('createVoiceActivity', () => {
  it('goes silent → speaking → silent over a speech curve, without chatter', () => {
    const wobbleAroundSpeech = [0.3, 0.14, 0.16, 0.12, 0.18, 0.11, 0.2, 0.13, 0.15, 0.14];
    const wobbleAroundExit = [0.1, 0.11, 0.1, 0.11, 0.104, 0.106]; // exit = 0.15 * 0.7 = 0.105
    const curve = [
      ...repeat(0.01, 25),
      0.45,
      ...wobbleAroundSpeech,
      ...wobbleAroundSpeech,
      ...wobbleAroundExit,
      ...wobbleAroundSpeech,
      // A breath between words (shorter than holdMs) keeps `speaking`.
      ...repeat(0.02, 10),
      ...wobbleAroundSpeech,
      ...repeat(0.01, 40),
    ];
    const { changes, at } = run(curve);
    expect(changes).toEqual(['silent', 'speaking', 'silent']);
    expect(at[1]).toBe(25 * 20);
  });

  it('never reaches speaking on noise alone', () => {
    let seed = 7;
    const jitter = () => {
      seed = (seed * 16807) % 2147483647;
      return (seed / 2147483647 - 0.5) * 0.04;
    };
    const noise = Array.from({ length: 500 }, () => 0.08 + jitter());
    const { changes } = run([...repeat(0, 5), ...noise]);
    expect(changes).toEqual(['silent', 'noise']);
  });

  it('keeps a state for holdMs after the level drops below its exit threshold', () => {
    const vad = createVoiceActivity({ holdMs: 500 });
    vad.update(0.5, 1000);
    expect(vad.update(0, 1100)).toBe('speaking');
    expect(vad.update(0, 1599)).toBe('speaking');
    expect(vad.update(0, 1600)).toBe('silent');
  });

  it('restarts the hold when the level comes back above the exit threshold', () => {
    const vad = createVoiceActivity({ holdMs: 300 });
    vad.update(0.5, 0);
    vad.update(0.05, 100);
    vad.update(0.12, 350); // above exit (0.105) but below speechThreshold: still speaking
    expect(vad.update(0.05, 400)).toBe('speaking');
    expect(vad.update(0.05, 650)).toBe('speaking');
    expect(vad.update(0.05, 700)).toBe('noise');
  });

  it('lands on noise or silent by the level when speaking ends, and holds noise too', () => {
    const { changes, at } = run(
      [...repeat(0.3, 5), ...repeat(0.08, 20), ...repeat(0.04, 20), ...repeat(0.01, 20)],
      { holdMs: 200 },
    );
    // 0.04 is below the noise floor but above its exit (0.035): noise holds until 0.01.
    expect(changes).toEqual(['silent', 'speaking', 'noise', 'silent']);
    expect(at).toEqual([0, 0, 5 * 20 + 200, 45 * 20 + 200]);
  });

  it('rises immediately from silent to noise and from noise to speaking', () => {
    expect(run([0, 0.06, 0.16]).changes).toEqual(['silent', 'noise', 'speaking']);
    expect(run([0, 0.2]).changes).toEqual(['silent', 'speaking']);
  });

  it('honours custom thresholds and zero hold', () => {
    const opts = { noiseFloor: 0.1, speechThreshold: 0.4, hysteresis: 0, holdMs: 0 };
    expect(run([0.09, 0.1, 0.39, 0.4, 0.39, 0.09], opts).changes).toEqual([
      'silent',
      'noise',
      'speaking',
      'noise',
      'silent',
    ]);
  });

  it('treats a non-finite level as silence and a non-finite clock as "no time passed"', () => {
    const vad = createVoiceActivity({ holdMs: 100 });
    vad.update(0.5, 0);
    expect(vad.update(Number.NaN, Number.NaN)).toBe('speaking');
    expect(vad.update(Number.NaN, 50)).toBe('speaking');
    expect(vad.update(Number.POSITIVE_INFINITY, 150)).toBe('silent');
  });

  it('reset() returns to silent and drops a pending hold', () => {
    const vad = createVoiceActivity({ holdMs: 100 });
    vad.update(0.5, 0);
    vad.update(0, 50);
    vad.reset();
    expect(vad.state).toBe('silent');
    vad.update(0.5, 60);
    expect(vad.update(0, 200)).toBe('speaking');
    expect(vad.update(0, 300)).toBe('silent');
  });

  it.each<[string, VoiceActivityOptions]>([
    ['noiseFloor above speechThreshold', { noiseFloor: 0.2, speechThreshold: 0.1 }],
    ['noiseFloor equal to speechThreshold', { noiseFloor: 0.15, speechThreshold: 0.15 }],
    ['speechThreshold above 1', { speechThreshold: 1.5 }],
    ['negative noiseFloor', { noiseFloor: -0.1 }],
    ['NaN threshold', { speechThreshold: Number.NaN }],
    ['hysteresis of 1', { hysteresis: 1 }],
    ['negative hysteresis', { hysteresis: -0.1 }],
    ['negative holdMs', { holdMs: -1 }],
    ['infinite holdMs', { holdMs: Number.POSITIVE_INFINITY }],
  ])('rejects %s at creation with a RangeError', (_name, options) => {
    expect(() => createVoiceActivity(options)).toThrow(RangeError);
  });
});
