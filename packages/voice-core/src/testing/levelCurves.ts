/**
 * Deterministic audio-level curves (0..1) for the mock room. Pure functions of time and a
 * seed, so a test under fake timers sees the same levels on every run, and a story shows
 * the same animation every time. No `Math.random` anywhere.
 */

/** Hashes (seed, n) to a float in [0, 1). A stateless PRNG: the same inputs, the same value. */
export function hashUnit(seed: number, n: number): number {
  // mulberry32 finaliser over a mixed key; good enough spread for envelopes and jitter.
  let x = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(n | 0, 0x85ebca77)) >>> 0;
  x = Math.imul(x ^ (x >>> 15), x | 1);
  x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
  return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
}

/** A seeded sequence, for code that needs successive values (ids, choices). */
export function createPrng(seed: number): () => number {
  let n = 0;
  return () => {
    n += 1;
    return hashUnit(seed, n);
  };
}

/** Typical syllable length: speech energy rises and falls at ~4–6 Hz. */
const SYLLABLE_MS = 190;
/** Every few syllables a word/phrase gap drops the level near silence. */
const GAP_EVERY = 5;

/**
 * Speech level at `tMs` after the speaker started: a train of syllable-shaped bumps
 * (sin² envelope) with seeded peak heights 0.35–0.9, short gaps between phrases, and a
 * floor of silence under everything. Stays in 0..1.
 *
 * @example
 * speechLevel(95, 7); // near a syllable peak, e.g. 0.6
 */
export function speechLevel(tMs: number, seed = 1): number {
  if (tMs < 0) return silenceLevel(tMs, seed);
  const syllable = Math.floor(tMs / SYLLABLE_MS);
  const phase = (tMs % SYLLABLE_MS) / SYLLABLE_MS;
  const isGap = syllable % GAP_EVERY === GAP_EVERY - 1 && hashUnit(seed, syllable * 3 + 1) < 0.6;
  if (isGap) return silenceLevel(tMs, seed);
  const peak = 0.35 + 0.55 * hashUnit(seed, syllable * 3);
  const envelope = Math.sin(Math.PI * phase) ** 2;
  const jitter = 0.04 * (hashUnit(seed, Math.floor(tMs / 20) + 7919) - 0.5);
  return clampLevel(silenceLevel(tMs, seed) + peak * envelope + jitter);
}

/** A quiet room: ~0.01 with a little flicker. */
export function silenceLevel(tMs: number, seed = 1): number {
  return clampLevel(0.01 + 0.006 * (hashUnit(seed + 101, Math.floor(tMs / 50)) - 0.5));
}

/** Background noise (fan, street): ~0.08, wandering ±0.03; below speech, above silence. */
export function noiseLevel(tMs: number, seed = 1): number {
  const slow = Math.sin((2 * Math.PI * tMs) / 1700 + seed) * 0.015;
  return clampLevel(0.08 + slow + 0.03 * (hashUnit(seed + 211, Math.floor(tMs / 40)) - 0.5));
}

/** A level forced into 0..1; NaN (a meter with no signal yet) reads as silence. */
export function clampLevel(value: number): number {
  return Number.isNaN(value) ? 0 : Math.min(1, Math.max(0, value));
}
