'use client';
import { useEffect, useState } from 'react';
import { useVoiceSnapshot } from '../hooks/useVoiceSnapshot';

/**
 * Ms left under the guard's warning, or null when none is in force. Ticks once a second
 * only while a warning is active, so the button does not re-render during a normal session.
 */
export function useWarningCountdown(): number | null {
  const warning = useVoiceSnapshot((s) => s.guard?.warning ?? null);
  // The tick only schedules re-renders; the value is read from the clock at render time.
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!warning) return;
    const id = setInterval(() => setTick((n) => n + 1), 1000);
    return () => clearInterval(id);
  }, [warning]);
  return warning ? Math.max(0, warning.deadline - Date.now()) : null;
}
