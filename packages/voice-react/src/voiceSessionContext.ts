'use client';
import type { DailyCallExclusion, VoiceSession } from '@parley/voice-core';
import { createContext, useContext } from 'react';

/** The one `VoiceSession` of the subtree, put there by `VoiceSessionProvider`. */
export const VoiceSessionContext = createContext<VoiceSession | null>(null);
VoiceSessionContext.displayName = 'ParleyVoiceSession';

/**
 * The `VoiceSession` engine from the nearest `VoiceSessionProvider`: for commands
 * (`session.setMuted(true)`, `session.registerTool(…)`) and anything the hooks don't cover.
 * Throws when there is no provider above — a wiring mistake, not a runtime failure.
 */
export function useVoiceSessionEngine(): VoiceSession {
  const session = useContext(VoiceSessionContext);
  if (!session) {
    throw new Error(
      '[parley] No VoiceSession here: wrap this component in <VoiceSessionProvider>.',
    );
  }
  return session;
}

/** @internal The provider's DailyCall exclusion, for `useDailyCallPresence`. */
export const DailyCallExclusionContext = createContext<DailyCallExclusion | null>(null);

/** @internal */
export function useDailyCallExclusion(): DailyCallExclusion | null {
  return useContext(DailyCallExclusionContext);
}
