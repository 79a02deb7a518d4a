import type { VoiceError } from './errors';
import type { SessionStatus } from './sessionMachine';
import type { SessionTimeline } from './store/sessionTimeline';
import type { EndReason } from './store/endReason';
import type { TranscriptEntry } from './store/transcriptEntry';

export type { EndReason } from './store/endReason';

export type Speaker = 'user' | 'bot';

/**
 * Every event a `VoiceSession` emits: name → handler signature. Events are events, not
 * state: each is delivered once per handler, and a replayed bot message (same id, or the same
 * event arriving over both RTVI and the backend's stream) is dropped before it gets here.
 */
export interface VoiceEventMap {
  /** The session became `active` (joined and bot ready). */
  'voice.session.start': (e: {
    sessionId: string;
    roomUrl: string;
    reused: boolean;
    connectMs: number;
  }) => void;
  /** The session ended, by any path. Carries the whole timeline and the cost estimate. */
  'voice.session.end': (e: {
    reason: EndReason;
    error: VoiceError | null;
    timeline: SessionTimeline;
  }) => void;
  /** A guard limit is near: the session ends at `deadline` unless something happens. */
  'voice.session.warning': (e: {
    kind: 'hard' | 'idle';
    remainingMs: number;
    deadline: number;
  }) => void;
  /** The status changed (also visible in the snapshot). */
  'voice.status': (e: { status: SessionStatus; previous: SessionStatus }) => void;
  /** Someone started speaking (from the bot's voice activity detection). */
  'voice.speech.start': (e: { role: Speaker }) => void;
  'voice.speech.end': (e: { role: Speaker }) => void;
  /** A transcript entry was added or updated (interim → final keeps the same `entry.id`). */
  'voice.transcript': (e: { entry: TranscriptEntry }) => void;
  /** Smoothed levels, at the level sampling rate. Prefer `session.levels` for rendering. */
  'voice.audio.level': (e: { local: number; bot: number }) => void;
  'voice.bot.speaking': (e: { speaking: boolean }) => void;
  'voice.bot.thinking': (e: { thinking: boolean }) => void;
  'voice.bot.joined': (e: { participantId: string }) => void;
  'voice.bot.left': (e: { participantId: string }) => void;
  'voice.bot.ready': (e: { version: string }) => void;
  /** A tool call from the bot's LLM: `started`, then `completed` or `failed`. */
  'voice.bot.tool-call': (e: {
    toolCallId: string;
    name: string;
    args: Record<string, unknown>;
    phase: 'started' | 'completed' | 'failed';
    result?: unknown;
  }) => void;
  /** A custom `server-message` from the bot, or a `bot-message` from the backend. */
  'voice.bot.message': (e: { data: unknown }) => void;
  /** The network dropped (`interrupted`) or came back (`recovered`). */
  'voice.connection': (e: { state: 'interrupted' | 'recovered' }) => void;
  'voice.mute': (e: { muted: boolean }) => void;
  /** A failure: fatal ones also end the session; `protocol` ones are reported and dropped. */
  'voice.error': (e: { error: VoiceError }) => void;
}
export type VoiceEventType = keyof VoiceEventMap;
export type VoiceEventPayload<T extends VoiceEventType> = Parameters<VoiceEventMap[T]>[0];
