/**
 * `@parley/voice-react` — a thin React binding over the `VoiceSession` engine of
 * `@parley/voice-core`: one provider, hooks over one `useSyncExternalStore` binding, jotai
 * atoms for the unified voice state, `AssistantButton` and `BotAudio`. daily-js and
 * daily-react load on start intent, never with this entry; the Rive avatar is in `/rive`.
 * @packageDocumentation
 */
// The engine's names a component needs most, so a migrated file imports from one place.
export {
  createVoiceSession,
  SESSION_STATUS,
  type SessionStatus,
  type VoiceSession,
  type VoiceSessionOptions,
} from '@parley/voice-core';
export {
  VoiceSessionProvider,
  type VoiceSessionProviderProps,
} from './VoiceSessionProvider';
export { useVoiceSessionEngine, VoiceSessionContext } from './voiceSessionContext';
export { type ExternalSource, useExternalSelector } from './hooks/useExternalSelector';
export { useVoiceSnapshot } from './hooks/useVoiceSnapshot';
export { useSessionFlags, useSessionStatus, useTranscript } from './hooks/useSessionStatus';
export { useAudioLevel, useVoiceState } from './hooks/useAudioLevel';
export { type SessionTimer, useSessionTimer } from './hooks/useSessionTimer';
export { useVoiceEvent } from './hooks/useVoiceEvent';
export {
  type PlanVoiceState,
  type UseVoiceSessionReturn,
  useVoiceSession,
  type VoiceSessionState,
} from './hooks/useVoiceSession';
export {
  useVoiceSessionContext,
  type VoiceSessionContextValue,
} from './hooks/useVoiceSessionContext';
export { useDailyCallPresence } from './hooks/useDailyCallPresence';
export { useUnifiedVoiceState } from './hooks/useUnifiedVoiceState';
export {
  dailyCallAtom,
  type UnifiedVoiceState,
  unifiedVoiceStateAtom,
  voiceSessionAtom,
} from './voiceAtoms';
// The DailyCall exclusion has no React in it: it lives in the engine, re-exported here.
export {
  createDailyCallExclusion,
  DAILY_CALL_END_EVENT,
  DAILY_CALL_START_EVENT,
  type DailyCallExclusion,
  type DailyCallPresence,
} from '@parley/voice-core';
export { AssistantButton, type AssistantButtonProps } from './assistantButton/AssistantButton';
export {
  AssistantButtonView,
  type AssistantButtonViewProps,
} from './assistantButton/AssistantButtonView';
export {
  type ButtonState,
  DEFAULT_ANNOUNCEMENTS,
  DEFAULT_END_NOTICES,
  DEFAULT_LABELS,
  endNotice,
} from '@parley/voice-core/ui';
export * from './botAudio';
export * from './transcript';
export * from './visualizer';
export * from './muteToggle';
export * from './voiceStatus';
export * from './devicePicker';
export * from './voiceAssistant';
export { usePrefersReducedMotion } from './hooks/usePrefersReducedMotion';
export {
  DEFAULT_STATUS_TEXT,
  retryHint,
  type TranscriptLine,
  type TranscriptLineState,
} from '@parley/voice-core/ui';
