/**
 * The text side of the transcript model: how a bot turn's pieces (segments with spoken
 * progress, sentences, words, TTS words, the backend's text) make its entry's text, and how
 * texts compare (meaning, not formatting).
 */
import type { BotTurn, TranscriptInput } from './transcriptTypes';

// Compares meaning, not formatting: interims are unpunctuated, finals are punctuated.
export const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
export const joinParts = (parts: readonly string[]) =>
  parts
    .map((p) => p.trim())
    .filter(Boolean)
    .join(' ');
export const appendWord = (acc: string, word: string) => {
  const w = word.trim();
  if (!acc || !w) return acc || w;
  return /^[,.;:!?]/.test(w) ? acc + w : `${acc} ${w}`;
};
export const parseTime = (iso: string | undefined) => {
  const t = iso === undefined ? Number.NaN : Date.parse(iso);
  return Number.isNaN(t) ? null : t;
};

export const newBotTurn = (at: number): BotTurn => ({
  entryId: null,
  startedAt: at,
  segments: [],
  sentences: [],
  words: '',
  ttsWords: '',
  external: '',
});

/** `joinParts` one part at a time: what runs on every bot message builds no arrays. */
const joinOne = (acc: string, part: string) => {
  const p = part.trim();
  if (!p) return acc;
  return acc ? `${acc} ${p}` : p;
};

export function botText(t: BotTurn): { text: string; spoken: string } {
  let derived = '';
  let spoken = '';
  for (const g of t.segments) {
    derived = joinOne(derived, g.text);
    spoken = joinOne(spoken, g.spoken);
  }
  for (const sentence of t.sentences) derived = joinOne(derived, sentence);
  derived ||= t.words || t.ttsWords;
  spoken ||= t.words || t.ttsWords;
  return { text: t.external.length > derived.length ? t.external : derived, spoken };
}

/**
 * Whether the turn's TTS words show in its entry: as its text when it has no segments,
 * sentences or words, as its spoken text when none of those has been spoken yet.
 */
export function ttsShows(t: BotTurn): boolean {
  if (t.words) return false;
  for (const g of t.segments) if (g.spoken.trim()) return false;
  return true;
}

export function applyOutput(
  t: BotTurn,
  input: Extract<TranscriptInput, { kind: 'bot-output' }>,
): BotTurn {
  const id = input.segmentId;
  if (id === undefined) {
    if (!input.text.trim()) return t;
    if (input.aggregatedBy === 'word') return { ...t, words: appendWord(t.words, input.text) };
    return { ...t, sentences: [...t.sentences, input.text.trim()] };
  }
  // Ids are unique in a turn (a repeated id replaces its segment in place).
  let at = -1;
  for (let i = 0; i < t.segments.length && at < 0; i++) if (t.segments[i]?.id === id) at = i;
  const prev = at < 0 ? undefined : t.segments[at];
  const p = input.spokenProgress;
  // A progress update's `text` may be only the latest word; the segment's text is its first full text.
  const text =
    (p ? prev?.text || joinParts([p.accumulated_text, p.remaining_text]) : input.text.trim()) ||
    prev?.text ||
    '';
  let spoken = input.spokenStatus === 'completed' ? text : (p?.accumulated_text.trim() ?? '');
  // Progress arrives out of order too: what was spoken stays spoken.
  if (prev && prev.spoken.length > spoken.length) spoken = prev.spoken;
  if (prev && prev.text === text && prev.spoken === spoken) return t;
  if (!prev && !text) return t;
  const segment = { id, text, spoken };
  // Kept sorted by id: replaced in its place, or added (usually last, in arrival order).
  const segments = [...t.segments];
  if (prev) segments[at] = segment;
  else segments.push(segment);
  if (!prev && segments.length > 1 && (segments.at(-2)?.id ?? 0) > id)
    segments.sort((a, b) => a.id - b.id);
  return { ...t, segments };
}
