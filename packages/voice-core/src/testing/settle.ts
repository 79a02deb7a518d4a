/** Moves fake time forward by `ms` (e.g. `vi.advanceTimersByTimeAsync`, wrapped in `act` for React). */
export type AdvanceTime = (ms: number) => Promise<unknown>;

/**
 * Awaits `promise` while fake time runs: the mock room's latencies are timers, so a promise
 * that waits for them never settles unless time is advanced. Steps `stepMs` at a time, at
 * most `maxSteps` times, then returns `promise` whatever its state (a test then fails on its
 * own timeout instead of hanging here). Test-runner agnostic: pass the runner's clock.
 *
 * @example
 * await settle(session.start(), (ms) => vi.advanceTimersByTimeAsync(ms));
 */
export async function settle<T>(
  promise: Promise<T>,
  advance: AdvanceTime,
  { stepMs = 50, maxSteps = 400 }: { stepMs?: number; maxSteps?: number } = {},
): Promise<T> {
  let done = false;
  const tracked = promise.finally(() => {
    done = true;
  });
  for (let i = 0; i < maxSteps && !done; i++) await advance(stepMs);
  return tracked;
}
