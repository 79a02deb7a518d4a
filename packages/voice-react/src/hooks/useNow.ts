'use client';
import { useEffect, useState } from 'react';

/**
 * The wall clock, re-rendering the caller every `intervalMs` while `active` and never
 * otherwise. The value is read at render time; the interval only schedules re-renders.
 */
export function useNow(active: boolean, intervalMs = 1000): number {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!active) return;
    const id = setInterval(() => setTick((n) => n + 1), intervalMs);
    return () => clearInterval(id);
  }, [active, intervalMs]);
  return Date.now();
}
