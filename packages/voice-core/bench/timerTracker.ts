/**
 * Counts live timer handles by patching the global timer functions. Modules call the bare
 * globals (`setTimeout(…)`), which resolve through `globalThis` at call time, so the engine
 * and the mocks are seen; the bench's own waits use `realTimers` and are not.
 *
 * Each live handle keeps the stack of its creation (an Error, formatted only on report), so
 * a leftover timer can be attributed to the code that scheduled it.
 */
import { realTimers } from './util';

type Handle = ReturnType<typeof setTimeout>;

interface Entry {
  kind: 'timeout' | 'interval';
  ms: number;
  origin: Error;
}

export interface TimerTracker {
  /** Handles scheduled and not yet fired (timeouts) or cleared. */
  live(): number;
  created(): number;
  /** Live handles grouped by kind, delay and first non-timer stack frame. */
  report(): Array<{ site: string; count: number }>;
  restore(): void;
}

const BENCH_FRAMES = /timerTracker\.ts|node:internal|\(node:/;

function site(entry: Entry): string {
  const frames = (entry.origin.stack ?? '')
    .split('\n')
    .slice(1)
    .map((f) => f.trim())
    .filter((f) => f.startsWith('at ') && !BENCH_FRAMES.test(f))
    .slice(0, 2)
    .map((f) =>
      f
        .replace(/^at /, '')
        .replace(/file:\/\/\S*?\/packages\/voice-core\//, '')
        .replace(/\?[^:)]*/, ''),
    );
  return `${entry.kind} ${entry.ms} ms @ ${frames.join(' ← ') || 'unknown'}`;
}

export function trackTimers(): TimerTracker {
  const live = new Map<Handle, Entry>();
  let created = 0;
  const g = globalThis as unknown as Record<string, unknown>;

  const patchedSetTimeout = (fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    created += 1;
    const handle: Handle = realTimers.setTimeout(() => {
      live.delete(handle);
      fn(...args);
    }, ms);
    live.set(handle, { kind: 'timeout', ms: ms ?? 0, origin: new Error('timer') });
    return handle;
  };
  const patchedSetInterval = (
    fn: (...args: unknown[]) => void,
    ms?: number,
    ...args: unknown[]
  ) => {
    created += 1;
    const handle: Handle = realTimers.setInterval(fn, ms, ...args);
    live.set(handle, { kind: 'interval', ms: ms ?? 0, origin: new Error('timer') });
    return handle;
  };
  const patchedClearTimeout = (handle: Handle | string | number | undefined) => {
    if (handle !== undefined && typeof handle === 'object') live.delete(handle);
    realTimers.clearTimeout(handle);
  };
  const patchedClearInterval = (handle: Handle | string | number | undefined) => {
    if (handle !== undefined && typeof handle === 'object') live.delete(handle);
    realTimers.clearInterval(handle);
  };

  g.setTimeout = patchedSetTimeout;
  g.setInterval = patchedSetInterval;
  g.clearTimeout = patchedClearTimeout;
  g.clearInterval = patchedClearInterval;

  return {
    live: () => live.size,
    created: () => created,
    report: () => {
      const groups = new Map<string, number>();
      for (const entry of live.values()) {
        const key = site(entry);
        groups.set(key, (groups.get(key) ?? 0) + 1);
      }
      return [...groups]
        .map(([s, count]) => ({ site: s, count }))
        .sort((a, b) => b.count - a.count);
    },
    restore: () => {
      g.setTimeout = realTimers.setTimeout;
      g.setInterval = realTimers.setInterval;
      g.clearTimeout = realTimers.clearTimeout;
      g.clearInterval = realTimers.clearInterval;
    },
  };
}
