'use client';
import type { CostGuardState } from '@parley/voice-core';
import { useNow } from './useNow';
import { useVoiceSnapshot } from './useVoiceSnapshot';

export interface SessionTimer {
  /** Ms until the hard maximum, or null when no session is live. */
  remainingMs: number | null;
  /** Ms until the session ends for idleness, or null. */
  idleRemainingMs: number | null;
  /** The warning in force (`hard` or `idle`) with the ms left, or null. */
  warning: { kind: 'hard' | 'idle'; remainingMs: number; deadline: number } | null;
}

const NO_TIMER: SessionTimer = { remainingMs: null, idleRemainingMs: null, warning: null };

function timerAt(guard: CostGuardState | null, now: number): SessionTimer {
  if (!guard) return NO_TIMER;
  const left = (deadline: number) => Math.max(0, deadline - now);
  return {
    remainingMs: left(guard.hardDeadline),
    idleRemainingMs: left(guard.idleDeadline),
    warning: guard.warning ? { ...guard.warning, remainingMs: left(guard.warning.deadline) } : null,
  };
}

/**
 * Time left in the session and the guard's warning, from the engine's wall-clock deadlines.
 * Re-renders once a second while a session is live (every `intervalMs`), and not at all
 * otherwise — only the components that show a countdown should call it.
 */
export function useSessionTimer(intervalMs = 1000): SessionTimer {
  const guard = useVoiceSnapshot((s) => s.guard);
  const now = useNow(guard !== null, intervalMs);
  // Before the clock's first reading (it lands before paint) the session has just started.
  return timerAt(guard, guard ? Math.max(now ?? guard.startedAt, guard.startedAt) : 0);
}
