/** The transcript model's working types (the reducer is in `transcript.ts`). */
import type { TranscriptEntry } from '../store/transcriptEntry';

export type { TranscriptEntry };

export interface Segment {
  readonly id: number;
  readonly text: string;
  readonly spoken: string;
}

/** The open bot turn. Its entry is created lazily, with the first text. */
export interface BotTurn {
  readonly entryId: string | null;
  readonly startedAt: number;
  /** `bot-output` with a `segment_id`, kept sorted by id. */
  readonly segments: readonly Segment[];
  /** `bot-output` without a `segment_id` (sentence-aggregated, older bots). */
  readonly sentences: readonly string[];
  /** Word-aggregated `bot-output`: spoken words. */
  readonly words: string;
  /** `bot-tts-text` words: a fallback when the bot sends no `bot-output`. */
  readonly ttsWords: string;
  /** Text from the backend's channel; wins when longer than what RTVI gave. */
  readonly external: string;
}

/** Bookkeeping for the user's voice turns (typed text doesn't touch it). */
export interface UserTurn {
  /** Latest voice entry. */
  readonly entryId: string | null;
  /** Normalised text of the latest final, while no newer entry is open. */
  readonly finalText: string | null;
  /** Bot timestamp (ms) of the latest final, across turns: anything older is stale. */
  readonly finalTimestamp: number | null;
  /** Bot timestamp of the latest applied transcription of the open entry. */
  readonly timestamp: number | null;
  /** `user-started-speaking` since the latest final: the next transcription opens a turn. */
  readonly startedAt: number | null;
}

/** Immutable transcript; pass it to {@link reduceTranscript}. Treat fields other than `entries` as private. */
export interface TranscriptState {
  readonly entries: readonly TranscriptEntry[];
  readonly nextUser: number;
  readonly nextBot: number;
  readonly user: UserTurn;
  readonly bot: BotTurn | null;
  /** External (backend) turn id → entry id. */
  readonly links: Readonly<Record<string, string>>;
}

/** Everything that can change the transcript, already validated by the event bridge. */
/**
 * A `bot-output` message's data as the bot sends it (the fields the transcript reads; see
 * `rtviMessages.ts`): the message path hands the validated data over as it is.
 */
export interface BotOutput {
  readonly text: string;
  readonly segment_id?: number;
  readonly aggregated_by?: string;
  readonly spoken_status?: 'new' | 'in-progress' | 'completed';
  readonly spoken_progress?: { readonly accumulated_text: string; readonly remaining_text: string };
}

export type TranscriptInput =
  | { kind: 'user-started-speaking'; at: number }
  | { kind: 'user-transcription'; at: number; text: string; final: boolean; timestamp?: string }
  | { kind: 'bot-started-speaking'; at: number }
  | ({ kind: 'bot-output'; at: number } & BotOutput)
  | { kind: 'bot-tts-text'; at: number; text: string }
  | { kind: 'bot-stopped-speaking'; at: number }
  /** The bot was interrupted (`bot-interrupted`): its turn ends at what it had spoken. */
  | { kind: 'bot-interrupted'; at: number }
  | { kind: 'user-text'; at: number; text: string }
  | {
      kind: 'external-transcript';
      at: number;
      role: 'user' | 'bot';
      text: string;
      final: boolean;
      turnId?: string;
    };

/** Options of {@link reduceTranscript}. */
export interface TranscriptOptions {
  /** Entries kept; the oldest are dropped first. Default 200. */
  maxEntries?: number;
}

/**
 * What one input did: nothing, only the turn bookkeeping, the entries, or the open bot turn
 * (`pending`: its entry is rebuilt once, when next read, not on every word).
 */
export type TranscriptChange = 'none' | 'bookkeeping' | 'pending' | 'entries';
