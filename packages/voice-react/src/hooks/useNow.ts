'use client';
import { useState } from 'react';
import { useIsomorphicLayoutEffect } from './useIsomorphicLayoutEffect';

/**
 * The wall clock while `active` (updated every `intervalMs`), else null. Render stays pure:
 * the clock is read in a layout effect, never during render — a prerender (Next.js with
 * `cacheComponents`, or any server render) must not bake the build's time into the HTML. The
 * first reading lands before paint, so a countdown never shows a stale frame.
 */
export function useNow(active: boolean, intervalMs = 1000): number | null {
  const [now, setNow] = useState<number | null>(null);
  useIsomorphicLayoutEffect(() => {
    if (!active) {
      setNow(null);
      return;
    }
    setNow(Date.now());
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [active, intervalMs]);
  return active ? now : null;
}
