/**
 * A registry of every mock created since the last check, so a test (or the shared vitest
 * setup) can fail when something was left running: a call object never destroyed, listeners
 * never removed, a room with timers still ticking, an SSE stream never closed.
 */

/** Anything the leak check follows. `leftovers()` returns one line per problem. */
export interface LeakTrackable {
  /** Problems still present, as human-readable lines; empty when clean. */
  leftovers(): string[];
  /** Forcefully releases everything (used after a leak was reported, to spare the next test). */
  forceRelease(): void;
}

const tracked = new Set<LeakTrackable>();

/** @internal Called by every mock's constructor. */
export function trackForLeaks(item: LeakTrackable): void {
  tracked.add(item);
}

export interface LeftoverCheckOptions {
  /**
   * Timers still pending under fake timers (`vi.getTimerCount()`). Omit with real timers.
   * Anything above zero is a leak: the mock and the engine must clear what they schedule.
   */
  pendingFakeTimers?: number;
}

/** Lists what is left over, without throwing. */
export function findLeftovers(options: LeftoverCheckOptions = {}): string[] {
  const lines: string[] = [];
  for (const item of tracked) lines.push(...item.leftovers());
  const timers = options.pendingFakeTimers ?? 0;
  if (timers > 0) {
    lines.push(
      `${timers} fake timer(s) still pending: something scheduled work it never cleared ` +
        '(a session not stopped, a room not disposed, an observer not stopped).',
    );
  }
  return lines;
}

/**
 * Throws when any mock call object, room, backend stream (or, with `pendingFakeTimers`,
 * timer) is left over from the test. Then forgets everything it tracked, so the next test
 * starts clean.
 *
 * @example
 * // In a product team's own vitest setup file:
 * import { afterEach, vi } from 'vitest';
 * import { assertNoLeftovers } from '@parley/voice-core/testing';
 * afterEach(() => {
 *   assertNoLeftovers({ pendingFakeTimers: vi.isFakeTimers() ? vi.getTimerCount() : 0 });
 *   vi.useRealTimers();
 * });
 */
export function assertNoLeftovers(options: LeftoverCheckOptions = {}): void {
  const lines = findLeftovers(options);
  releaseLeftovers();
  if (lines.length > 0) {
    throw new Error(`Parley mock leftovers after the test:\n  - ${lines.join('\n  - ')}`);
  }
}

/** Releases and forgets every tracked mock (destroys calls, disposes rooms and backends). */
export function releaseLeftovers(): void {
  for (const item of tracked) {
    try {
      item.forceRelease();
    } catch {
      // A release failing must not hide the leak report that matters.
    }
  }
  tracked.clear();
}
