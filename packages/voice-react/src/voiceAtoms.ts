import type { SessionStatus, VoiceSnapshot } from '@parley/voice-core';
import { atom } from 'jotai';

/**
 * The migration plan's `UnifiedVoiceState`: which of the page's two audio sessions owns the
 * microphone, the voice session's status and the multi-user DailyCall's presence.
 */
export interface UnifiedVoiceState {
  activeSession: 'none' | 'voice' | 'dailyCall';
  voiceSession: { status: SessionStatus; roomUrl: string | null };
  dailyCall: { joined: boolean; roomUrl: string | null };
}

export type VoiceSessionSlice = UnifiedVoiceState['voiceSession'];
export type DailyCallSlice = UnifiedVoiceState['dailyCall'];

/**
 * The voice session's part, written only by `VoiceSessionProvider` from its one engine
 * subscription — a view of the engine, never a second source of truth.
 */
export const voiceSessionAtom = atom<VoiceSessionSlice>({ status: 'inactive', roomUrl: null });
voiceSessionAtom.debugLabel = 'parley/voiceSession';

/** The DailyCall's presence: window events or `useDailyCallPresence` write it. */
export const dailyCallAtom = atom<DailyCallSlice>({ joined: false, roomUrl: null });
dailyCallAtom.debugLabel = 'parley/dailyCall';

/** Derived: the DailyCall wins the mic while joined; else the voice session while live. */
export const unifiedVoiceStateAtom = atom<UnifiedVoiceState>((get) => {
  const voiceSession = get(voiceSessionAtom);
  const dailyCall = get(dailyCallAtom);
  const voiceLive = voiceSession.status !== 'inactive' && voiceSession.status !== 'unavailable';
  return {
    activeSession: dailyCall.joined ? 'dailyCall' : voiceLive ? 'voice' : 'none',
    voiceSession,
    dailyCall,
  };
});
unifiedVoiceStateAtom.debugLabel = 'parley/unifiedVoiceState';

/** The slice the atom mirrors, from a snapshot (same object back when nothing changed). */
export function voiceSliceOf(snapshot: VoiceSnapshot, prev?: VoiceSessionSlice): VoiceSessionSlice {
  if (prev && prev.status === snapshot.status && prev.roomUrl === snapshot.roomUrl) return prev;
  return { status: snapshot.status, roomUrl: snapshot.roomUrl };
}
