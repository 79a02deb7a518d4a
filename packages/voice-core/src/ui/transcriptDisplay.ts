import type { TranscriptEntry } from '../store/transcriptEntry';

/**
 * What a transcript line shows of a turn:
 * - `interim` — the user is still speaking (text may change);
 * - `speaking` — the bot is saying it: `spoken` is heard so far, `pending` is still to come;
 * - `interrupted` — the bot was cut off: `pending` is what it never said;
 * - `final` — done, all of it in `spoken`.
 */
export type TranscriptLineState = 'interim' | 'speaking' | 'interrupted' | 'final';

/** One transcript turn as a view shows it. */
export interface TranscriptLine {
  readonly id: string;
  readonly role: 'user' | 'bot';
  readonly state: TranscriptLineState;
  /** The text to show as said (for the user: all of it). */
  readonly spoken: string;
  /** Bot only: the turn's text not spoken (yet, or ever if interrupted); '' otherwise. */
  readonly pending: string;
}

/**
 * How much of a bot turn has been spoken. The engine's `spokenText` is normally a prefix of
 * `text`; when it is not (a vendor re-tokenised), the spoken text is shown as is and nothing
 * is pending, rather than cutting a word in two. A turn with no progress at all shows its
 * whole text: the bot sends no progress, and hiding it would hide the answer.
 */
function splitSpoken(entry: TranscriptEntry): { spoken: string; pending: string } {
  const { text, spokenText } = entry;
  if (spokenText === undefined) return { spoken: text, pending: '' };
  if (text.startsWith(spokenText))
    return { spoken: spokenText, pending: text.slice(spokenText.length) };
  return { spoken: spokenText, pending: '' };
}

/** A transcript entry as a line: its state and its spoken and pending text. */
export function toTranscriptLine(entry: TranscriptEntry): TranscriptLine {
  const { id, role } = entry;
  if (role === 'user') {
    return { id, role, state: entry.final ? 'final' : 'interim', spoken: entry.text, pending: '' };
  }
  if (entry.interrupted) return { id, role, state: 'interrupted', ...splitSpoken(entry) };
  if (entry.final) return { id, role, state: 'final', spoken: entry.text, pending: '' };
  return { id, role, state: 'speaking', ...splitSpoken(entry) };
}

/**
 * The lines of a transcript, in order, without empty turns (a bot turn that has started but
 * has no text yet would render as an empty bubble).
 */
export function transcriptLines(entries: readonly TranscriptEntry[]): TranscriptLine[] {
  const lines: TranscriptLine[] = [];
  for (const entry of entries) {
    const line = toTranscriptLine(entry);
    if (line.spoken !== '' || line.pending !== '') lines.push(line);
  }
  return lines;
}

/**
 * Whether a scroll container is (within `slack` px of) its bottom: an auto-scrolling log
 * follows new lines only while this holds, so a reader who scrolled up is left in place.
 */
export function isScrolledToBottom(
  el: { scrollTop: number; scrollHeight: number; clientHeight: number },
  slack = 24,
): boolean {
  return el.scrollHeight - el.scrollTop - el.clientHeight <= slack;
}
