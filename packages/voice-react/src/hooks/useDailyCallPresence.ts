'use client';
import { useEffect } from 'react';
import { useDailyCallExclusion } from '../voiceSessionContext';

/**
 * Declares a multi-user DailyCall in the page without window events: while `joined` is true
 * the voice session is paused (mic muted, connection kept) and resumed when it turns false or
 * the component unmounts.
 *
 * @example
 * function DailyCallView({ roomUrl, joined }) {
 *   useDailyCallPresence(joined, roomUrl);
 *   …
 * }
 */
export function useDailyCallPresence(joined: boolean, roomUrl: string | null = null): void {
  const exclusion = useDailyCallExclusion();
  useEffect(() => {
    if (!exclusion || !joined) return;
    const key = {};
    exclusion.enter(key, { roomUrl });
    return () => exclusion.leave(key);
  }, [exclusion, joined, roomUrl]);
}
