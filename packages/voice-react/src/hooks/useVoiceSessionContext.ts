'use client';
import type { SessionStatus, TranscriptEntry, VoiceMessage } from '@parley/voice-core';
import { useVoiceSession } from './useVoiceSession';
import { useVoiceSnapshot } from './useVoiceSnapshot';

/** The context shape a `SpeechProvider`-style provider gives its consumers (VAPI-compatible names). */
export interface VoiceSessionContextValue {
  sessionStatus: SessionStatus;
  isAssistantSpeaking: boolean;
  isUserSpeaking: boolean;
  audioLevel: number;
  transcript: TranscriptEntry | null;
  messages: readonly VoiceMessage[];
  startSession: () => Promise<void>;
  stopSession: () => Promise<void>;
  toggleSession: () => void;
  sendMessage: (content: string) => void;
}

/**
 * The context hook: a drop-in for `useVapi()` in components written against a context of this
 * shape (`AssistantButton`, `AssistantCanvas`…). It reads every field, so it re-renders
 * with the bot's level; new code should prefer the small hooks (`useSessionStatus`…) or
 * `useVoiceSession`, which re-renders only for what it reads.
 */
export function useVoiceSessionContext(): VoiceSessionContextValue {
  const v = useVoiceSession();
  const isUserSpeaking = useVoiceSnapshot((s) => s.userSpeaking);
  return {
    sessionStatus: v.sessionStatus,
    isAssistantSpeaking: v.isSpeaking,
    isUserSpeaking,
    audioLevel: v.audioLevel,
    transcript: v.transcript,
    messages: v.messages,
    startSession: v.start,
    stopSession: v.stop,
    toggleSession: v.toggleSession,
    sendMessage: v.sendMessage,
  };
}
