'use client';
import { useNow } from '../hooks/useNow';
import { useVoiceSnapshot } from '../hooks/useVoiceSnapshot';

/**
 * Ms left under the guard's warning, or null when none is in force. Ticks once a second
 * only while a warning is active, so the button does not re-render during a normal session.
 */
export function useWarningCountdown(): number | null {
  const warning = useVoiceSnapshot((s) => s.guard?.warning ?? null);
  const now = useNow(warning !== null);
  // Until the clock's first reading (before paint) there is nothing honest to show.
  return warning && now !== null ? Math.max(0, warning.deadline - now) : null;
}
