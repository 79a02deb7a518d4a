import {
  type DailyCallSlice,
  STATUS_FLAGS,
  type SessionStatus,
  type VoiceSnapshot,
} from '@parley/voice-core';
import { atom } from 'jotai';

/**
 * Who owns the microphone between the page's two audio sessions, with the voice session's
 * status and the multi-user DailyCall's presence.
 */
export interface UnifiedVoiceState {
  activeSession: 'none' | 'voice' | 'dailyCall';
  voiceSession: { status: SessionStatus; roomUrl: string | null };
  dailyCall: DailyCallSlice;
}

export type VoiceSessionSlice = UnifiedVoiceState['voiceSession'];
export type { DailyCallSlice };

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
  const voiceLive = STATUS_FLAGS[voiceSession.status].isLive;
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
