/** One turn of the conversation, as the session snapshot exposes it. Frozen; never mutated. */
export interface TranscriptEntry {
  /** Stable turn id: `u-1`, `b-1`, … Unique within a transcript. */
  readonly id: string;
  readonly role: 'user' | 'bot';
  /** User: current best text. Bot: full text of the turn so far. */
  readonly text: string;
  /** User: final transcript received. Bot: turn finished (bot stopped speaking or was cut off). */
  readonly final: boolean;
  readonly startedAt: number;
  readonly updatedAt: number;
  /** Bot only: what has been spoken so far (from `spoken_progress` or `bot-tts-text` words). */
  readonly spokenText?: string;
  /** Bot only: the turn was cut short (the user started speaking, or it stopped with text unspoken). */
  readonly interrupted?: boolean;
}
