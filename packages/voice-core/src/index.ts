/**
 * `@parley/voice-core` — the framework-agnostic voice session engine. Importing it touches no
 * browser API; daily-js is loaded on the first `start()` (or `preloadDaily()`).
 * @packageDocumentation
 */
export {
  createVoiceSession,
  type SessionTimeouts,
  VoiceSession,
  type VoiceSessionOptions,
} from './voiceSession';
export {
  type SessionStatus,
  type SessionEvent,
  SESSION_STATUS,
  STATUS_FLAGS,
  type StatusFlags,
  transition,
  transitions,
} from './sessionMachine';
export {
  INITIAL_SNAPSHOT,
  type Playback,
  selectMessages,
  type VoiceMessage,
  type VoiceSnapshot,
} from './store/voiceSnapshot';
export type {
  EndReason,
  Speaker,
  VoiceEventMap,
  VoiceEventPayload,
  VoiceEventType,
} from './voiceEvents';
export {
  BackendError,
  type BackendErrorCode,
  BotError,
  type BotErrorCode,
  ConnectionError,
  type ConnectionErrorCode,
  DeviceError,
  type DeviceErrorCode,
  isVoiceError,
  PlaybackError,
  type PlaybackErrorCode,
  ProtocolError,
  type ProtocolErrorCode,
  RequestError,
  type RequestErrorCode,
  ToolError,
  type ToolErrorCode,
  toVoiceError,
  VoiceError,
  type VoiceErrorCode,
  type VoiceErrorOptions,
  type VoiceErrorSource,
} from './errors';
export { DEFAULT_VOICE_CONFIG, dailyOptionsFor, type VoiceConfig } from './voiceConfig';
export type { AudioOptions, LevelChannel, LevelSnapshot } from './audio/audioManager';
export { SILENT_LEVELS } from './audio/audioManager';
export type { VoiceState } from './audio/voiceActivity';
export type { TranscriptEntry } from './store/transcriptEntry';
export type { BotMetrics, SessionTimeline } from './store/sessionTimeline';
export type { CostGuardState } from './store/voiceSnapshot';
export {
  type CostEstimate,
  DEFAULT_UNIT_PRICES,
  estimateCost,
  type SessionUsage,
  type UnitPrices,
} from './store/costEstimate';
export type {
  ToolCall,
  ToolHandler,
  ToolOptions,
  ToolResult,
  ToolWireResult,
} from './tools/toolRegistry';
export type { RequestOptions } from './runtime/rtvi/clientRequests';
export { preloadDaily, preloadSessionRuntime, type SessionRuntime } from './runtimeLoader';
export type { CallFactory, VoiceCall } from './runtime/dailyCall';
export type { BackendClient, BackendClientOptions } from './runtime/backend/backendClient';
export type {
  AssistantOptions,
  BackendEvent,
  SessionLimits,
  StartSessionRequest,
  StartSessionResponse,
} from './runtime/backend/backendProtocol';
// The wire protocol (schemas, routes, RTVI envelopes, the backend client) is in
// `@parley/voice-core/protocol`: its validators load with the session runtime, not up front.
// ── The session within the page: StrictMode retention and the DailyCall exclusion ──
export {
  createDailyCallExclusion,
  DAILY_CALL_END_EVENT,
  DAILY_CALL_START_EVENT,
  type DailyCallExclusion,
  type DailyCallPresence,
  type DailyCallSlice,
  type ExcludableSession,
} from './page/dailyCallExclusion';
export { type RetainableSession, retainSession } from './page/sessionRetention';

// What the UI components show, without a framework (button copy, avatar state), is in
// `@parley/voice-core/ui`.
