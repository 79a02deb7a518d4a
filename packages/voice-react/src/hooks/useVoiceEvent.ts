'use client';
import type { VoiceEventMap, VoiceEventType } from '@parley/voice-core';
import { useEffect, useRef } from 'react';
import { useVoiceSessionEngine } from '../voiceSessionContext';
import { useIsomorphicLayoutEffect } from './useIsomorphicLayoutEffect';

/**
 * Calls `handler` for each `type` event of the session, once per event. The latest handler is
 * kept in a ref, so an inline function is fine — no `useCallback`, and re-renders never
 * re-subscribe (an event is never missed or delivered twice around a re-render).
 *
 * @example
 * useVoiceEvent('voice.session.end', (e) => analytics.track('voice_end', { reason: e.reason }));
 */
export function useVoiceEvent<T extends VoiceEventType>(type: T, handler: VoiceEventMap[T]): void {
  const session = useVoiceSessionEngine();
  const latest = useRef(handler);
  useIsomorphicLayoutEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    const forward = ((payload: never) =>
      (latest.current as (p: never) => void)(payload)) as VoiceEventMap[T];
    return session.on(type, forward);
  }, [session, type]);
}
