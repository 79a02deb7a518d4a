import type { VoiceError } from './errors';
import type { SessionStatus } from './sessionMachine';
import type { SessionTimeline } from './store/sessionTimeline';
import type { EndReason } from './store/endReason';
import type { TranscriptEntry } from './store/transcriptEntry';

export type { EndReason } from './store/endReason';

export type Speaker = 'user' | 'bot';

/**
 * Every event a `VoiceSession` emits: name → handler signature. Events are events, not
 * state: each is delivered once per handler. A replay is dropped before it gets here by the
 * key that holds for it — a tool call's `tool_call_id`, the backend stream's event id, a
 * transcript turn's identity, and the id of the few bot messages a real bot ids.
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
  /**
   * A transcript entry was added or updated (interim → final keeps the same `entry.id`).
   * Emitted at the end of the task that changed it, once per entry with its latest version:
   * a burst of words in one task is one event per entry, in transcript order (the snapshot's
   * `transcript` is current at once, even mid-task).
   */
  'voice.transcript': (e: { entry: TranscriptEntry }) => void;
  /** Smoothed levels, at the level sampling rate. Prefer `session.levels` for rendering. */
  'voice.audio.level': (e: { local: number; bot: number }) => void;
  'voice.bot.speaking': (e: { speaking: boolean }) => void;
  'voice.bot.thinking': (e: { thinking: boolean }) => void;
  'voice.bot.joined': (e: { participantId: string }) => void;
  'voice.bot.left': (e: { participantId: string }) => void;
  'voice.bot.ready': (e: { version: string }) => void;
  /**
   * A function call the bot reported. `handledBy: 'client'` when a registered handler runs it
   * (`started`, then `completed` or `failed`; `failed` also when the bot rejects the result);
   * `'bot'` when no handler is registered under its name or the bot gave no name: the bot (a
   * server-side tool, or its app) answers it, and `completed` carries its result when reported.
   * `cancelled`: the bot voided the call (barge-in); nothing was or will be sent.
   * `name` and `args` are null when the bot's report level left them out.
   */
  'voice.bot.tool-call': (e: {
    toolCallId: string;
    name: string | null;
    args: Record<string, unknown> | null;
    phase: 'started' | 'completed' | 'failed' | 'cancelled';
    handledBy: 'client' | 'bot';
    result?: unknown;
  }) => void;
  /** The bot was interrupted (barge-in): its turn was cut where it was. */
  'voice.bot.interrupted': (e: Record<string, never>) => void;
  /** Streamed LLM text: the bot's tokens (`bot`), or what the LLM received of the user (`user`). */
  'voice.llm.text': (e: { role: Speaker; text: string }) => void;
  /** The bot muted (`true`) or unmuted the user (its mute strategies); also `snapshot.userMutedByBot`. */
  'voice.user.bot-mute': (e: { muted: boolean }) => void;
  /** A `metrics` message from the bot, as sent (the totals are in `timeline.metrics`). */
  'voice.bot.metrics': (e: { metrics: Readonly<Record<string, unknown>> }) => void;
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
