import type { SessionLimits } from '../runtime/backend/backendProtocol';
import type { VoiceError } from '../errors';
import { type SessionStatus, STATUS_FLAGS, type StatusFlags } from '../sessionMachine';
import { EMPTY_TIMELINE, type SessionTimeline } from './sessionTimeline';
import type { TranscriptEntry } from './transcriptEntry';
import type { EndReason } from './endReason';

/** The client-side cost guard's deadlines (wall-clock ms) and the warning in force. */
export interface CostGuardState {
  readonly startedAt: number;
  readonly hardDeadline: number;
  readonly idleDeadline: number;
  /** The warning in force, if any. */
  readonly warning: { readonly kind: 'hard' | 'idle'; readonly deadline: number } | null;
}

/** The bot's audio output: nothing to play yet, playing, refused by the autoplay policy, or its player failed. */
export type Playback = 'idle' | 'playing' | 'blocked' | 'failed';

/**
 * One immutable picture of a session, replaced (never mutated) on each meaningful change.
 * Audio levels are not in it: they have their own subscription (`session.levels`).
 */
export interface VoiceSnapshot {
  readonly status: SessionStatus;
  /** Derived from `status` once, in the state machine module. */
  readonly flags: StatusFlags;
  readonly sessionId: string | null;
  readonly roomUrl: string | null;
  /** The failure that put the session in `unavailable`, or the last non-fatal one. */
  readonly error: VoiceError | null;
  readonly endReason: EndReason | null;
  readonly muted: boolean;
  readonly joined: boolean;
  readonly bot: {
    /** The bot's Daily session id while it is in the room (for `DailyAudioTrack`). */
    readonly participantId: string | null;
    readonly joined: boolean;
    readonly ready: boolean;
    readonly speaking: boolean;
    readonly thinking: boolean;
  };
  readonly userSpeaking: boolean;
  /**
   * The bot muted the user (`user-mute-started`, a pipecat mute strategy: e.g. while the bot
   * speaks its first sentence). The mic stays open; what is said is not heard by the bot.
   */
  readonly userMutedByBot: boolean;
  /**
   * Whether the bot's audio plays: set by whatever renders it (`BotAudio` reports through
   * `session.reportPlayback`). `blocked` means the browser's autoplay policy refused `play()`
   * and a user gesture is needed; `failed` that the player itself failed (a `PlaybackError`
   * was reported; the session goes on).
   */
  readonly playback: Playback;
  readonly connection: 'connected' | 'reconnecting';
  /** User and bot turns in order; interim entries are replaced by their finals. */
  readonly transcript: readonly TranscriptEntry[];
  /** The client-side guard's deadlines and warning while live. */
  readonly guard: CostGuardState | null;
  readonly limits: SessionLimits | null;
  readonly timeline: SessionTimeline;
}

const NO_BOT = Object.freeze({
  participantId: null,
  joined: false,
  ready: false,
  speaking: false,
  thinking: false,
});

export const INITIAL_SNAPSHOT: VoiceSnapshot = Object.freeze({
  status: 'inactive',
  flags: STATUS_FLAGS.inactive,
  sessionId: null,
  roomUrl: null,
  error: null,
  endReason: null,
  muted: false,
  joined: false,
  bot: NO_BOT,
  userSpeaking: false,
  userMutedByBot: false,
  playback: 'idle',
  connection: 'connected',
  transcript: Object.freeze([]) as readonly TranscriptEntry[],
  guard: null,
  limits: null,
  timeline: EMPTY_TIMELINE,
});

/** A snapshot's fields, writable: what the store builds the next snapshot in. */
export type SnapshotDraft = { -readonly [K in keyof VoiceSnapshot]: VoiceSnapshot[K] };

/**
 * A writable copy of a snapshot, field by field. A spread is slow here: of a frozen object
 * ~100 ns, and in a chain of updates (each copy the source of the next, as the store's
 * drafts and the bot's state are) ~200–500 ns, against ~2–8 ns for this, in node 20 on the
 * machines the benchmarks ran on; the store opens a draft for every burst of messages. The
 * type lists every field, so a new one cannot be left out.
 */
export function draftOf(s: VoiceSnapshot): SnapshotDraft {
  return {
    status: s.status,
    flags: s.flags,
    sessionId: s.sessionId,
    roomUrl: s.roomUrl,
    error: s.error,
    endReason: s.endReason,
    muted: s.muted,
    joined: s.joined,
    bot: s.bot,
    userSpeaking: s.userSpeaking,
    userMutedByBot: s.userMutedByBot,
    playback: s.playback,
    connection: s.connection,
    transcript: s.transcript,
    guard: s.guard,
    limits: s.limits,
    timeline: s.timeline,
  };
}

/** The bot's part of the snapshot with `patch` applied, field by field (see `draftOf`). */
export function botWith(
  bot: VoiceSnapshot['bot'],
  patch: Partial<VoiceSnapshot['bot']>,
): VoiceSnapshot['bot'] {
  return {
    participantId: patch.participantId === undefined ? bot.participantId : patch.participantId,
    joined: patch.joined ?? bot.joined,
    ready: patch.ready ?? bot.ready,
    speaking: patch.speaking ?? bot.speaking,
    thinking: patch.thinking ?? bot.thinking,
  };
}

/** What may be patched directly: everything but `status` and its `flags` (see `SnapshotStore.move`). */
export type SnapshotPatch = Partial<Omit<VoiceSnapshot, 'status' | 'flags'>>;

/** The fields reset when a new session starts (the rest — `muted` — carries over). */
export const FRESH_SESSION: SnapshotPatch = {
  sessionId: null,
  roomUrl: null,
  error: null,
  endReason: null,
  joined: false,
  bot: NO_BOT,
  userSpeaking: false,
  userMutedByBot: false,
  playback: 'idle',
  connection: 'connected',
  transcript: INITIAL_SNAPSHOT.transcript,
  guard: null,
  limits: null,
};

/** The mic is off while the user muted it or a DailyCall holds it (paused). */
export function isMicOff(snapshot: Pick<VoiceSnapshot, 'muted' | 'flags'>): boolean {
  return snapshot.muted || snapshot.flags.isPaused;
}

/** Plan-compatible chat messages: the final transcript entries (memoised per transcript array). */
export interface VoiceMessage {
  readonly id: string;
  readonly role: 'user' | 'assistant';
  readonly content: string;
  readonly at: number;
}
const messageCache = new WeakMap<readonly TranscriptEntry[], readonly VoiceMessage[]>();
export function selectMessages(
  snapshot: Pick<VoiceSnapshot, 'transcript'>,
): readonly VoiceMessage[] {
  const cached = messageCache.get(snapshot.transcript);
  if (cached) return cached;
  const messages = Object.freeze(
    snapshot.transcript
      .filter((e) => e.final && e.text.trim() !== '')
      .map(
        (e) =>
          Object.freeze({
            id: e.id,
            role: e.role === 'bot' ? 'assistant' : 'user',
            content: e.text,
            at: e.startedAt,
          }) as VoiceMessage,
      ),
  );
  messageCache.set(snapshot.transcript, messages);
  return messages;
}
