'use client';
import type { SessionStatus, StatusFlags, TranscriptEntry } from '@parley/voice-core';
import { useVoiceSnapshot } from './useVoiceSnapshot';

/** The session status (`inactive | connecting | active | paused | disconnecting | unavailable`). */
export function useSessionStatus(): SessionStatus {
  return useVoiceSnapshot((s) => s.status);
}

/** The status's derived flags (`isLive`, `canStart`, `isBusy`…), computed once in the engine. */
export function useSessionFlags(): StatusFlags {
  return useVoiceSnapshot((s) => s.flags);
}

/** User and bot turns in order; an interim entry is replaced by its final (same `id`). */
export function useTranscript(): readonly TranscriptEntry[] {
  return useVoiceSnapshot((s) => s.transcript);
}
