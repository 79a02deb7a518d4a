'use client';
import type { VoiceSnapshot } from '@parley/voice-core';
import { useVoiceSessionEngine } from '../voiceSessionContext';
import { useExternalSelector } from './useExternalSelector';

/**
 * Reads a slice of the session snapshot; re-renders only when the slice changes.
 *
 * @example
 * const muted = useVoiceSnapshot((s) => s.muted);
 */
export function useVoiceSnapshot<T>(
  selector: (snapshot: VoiceSnapshot) => T,
  isEqual?: (a: T, b: T) => boolean,
): T {
  return useExternalSelector(useVoiceSessionEngine(), selector, isEqual);
}
