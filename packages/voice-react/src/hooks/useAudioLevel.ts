'use client';
import type { LevelSnapshot, VoiceState } from '@parley/voice-core';
import { frameLimitedLevels } from '@parley/voice-core/ui';
import { useVoiceSessionEngine } from '../voiceSessionContext';
import { useExternalSelector } from './useExternalSelector';

/** The level of one side, from a level snapshot (stable functions, for selectors). */
export const pickLevel = {
  local: (l: LevelSnapshot) => l.local,
  bot: (l: LevelSnapshot) => l.bot,
};
const pickState = {
  local: (l: LevelSnapshot) => l.localState,
  bot: (l: LevelSnapshot) => l.botState,
};

/**
 * The smoothed audio level (0–1) of the user's mic (`'local'`) or the bot. Reads the level
 * channel, not the snapshot, so only the components calling this re-render — at most 60 times
 * a second, whatever rate the call samples at.
 */
export function useAudioLevel(who: 'local' | 'bot'): number {
  return useExternalSelector(frameLimitedLevels(useVoiceSessionEngine().levels), pickLevel[who]);
}

/**
 * `silent | noise | speaking` for the user's mic (default) or the bot, with the engine's
 * hysteresis: re-renders only when the state changes, not with every level sample.
 */
export function useVoiceState(who: 'local' | 'bot' = 'local'): VoiceState {
  return useExternalSelector(useVoiceSessionEngine().levels, pickState[who]);
}
