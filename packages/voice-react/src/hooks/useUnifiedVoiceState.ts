'use client';
import { useAtomValue } from 'jotai';
import { type UnifiedVoiceState, unifiedVoiceStateAtom } from '../voiceAtoms';

/** Who owns the mic (`none`, `voice` or `dailyCall`), with both sessions' state. */
export function useUnifiedVoiceState(): UnifiedVoiceState {
  return useAtomValue(unifiedVoiceStateAtom);
}
