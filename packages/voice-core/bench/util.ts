/**
 * Shared helpers of the benchmark: the real timers (captured before the soak patches the
 * globals, so the bench's own waits never count as the engine's), stats, GC and formatting.
 */
import type { SessionStatus } from '../src/sessionMachine';
import type { VoiceSession } from '../src/voiceSession';

/** The untouched timer functions, captured at module load. */
export const realTimers = {
  setTimeout: globalThis.setTimeout,
  clearTimeout: globalThis.clearTimeout,
  setInterval: globalThis.setInterval,
  clearInterval: globalThis.clearInterval,
};

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => {
    realTimers.setTimeout(resolve, ms);
  });
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Full GC a few times with a macrotask between (lets finalizers and weak refs settle). */
export async function forceGc(): Promise<boolean> {
  const gc = globalThis.gc;
  if (typeof gc !== 'function') return false;
  for (let i = 0; i < 3; i++) {
    gc();
    await tick();
  }
  return true;
}

export const heapUsedMB = (): number => process.memoryUsage().heapUsed / (1024 * 1024);

export interface Stats {
  n: number;
  median: number;
  min: number;
  max: number;
  mean: number;
}

export function stats(values: readonly number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { n, median: Number.NaN, min: Number.NaN, max: Number.NaN, mean: Number.NaN };
  const mid = Math.floor(n / 2);
  const median =
    n % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  const mean = sorted.reduce((s, x) => s + x, 0) / n;
  return { n, median, min: sorted[0] ?? 0, max: sorted[n - 1] ?? 0, mean };
}

export const fmt = (x: number, digits = 0): string =>
  Number.isFinite(x) ? x.toFixed(digits) : String(x);

export const fmtInt = (x: number): string =>
  Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : String(x);

/**
 * Resolves with the first status the session settles in after `connecting`/`disconnecting`
 * (active, paused, inactive, unavailable), or 'timeout'. Subscribe before calling `start()`.
 *
 * `start()` itself is not enough: it resolves once the call has joined, which in the
 * overlapped flow can be before the bot is ready (the session is still `connecting`).
 */
export function nextSettledStatus(
  session: VoiceSession,
  timeoutMs: number,
): Promise<SessionStatus | 'timeout'> {
  return new Promise((resolve) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = session.on('voice.status', ({ status }) => {
      if (status === 'connecting' || status === 'disconnecting') return;
      realTimers.clearTimeout(timer);
      off();
      resolve(status);
    });
    timer = realTimers.setTimeout(() => {
      off();
      resolve('timeout');
    }, timeoutMs);
  });
}

/** A small deterministic PRNG (mulberry32), so every run injects the same message mix. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
