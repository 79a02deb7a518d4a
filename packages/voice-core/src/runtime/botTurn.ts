/**
 * The text side of the transcript model: how a bot turn's pieces (segments with spoken
 * progress, sentences, words, TTS words, the backend's text) make its entry's text, and how
 * texts compare (meaning, not formatting).
 */
import { parseIsoTime } from '../util/isoTime';
import type { BotOutput, BotTurn, Segment, TranscriptEntry } from './transcriptTypes';

const PUNCT = /[^\p{L}\p{N}\s]/gu;
const SPACES = /\s+/g;
/** `norm` by its definition: lower case, no punctuation, whitespace collapsed and trimmed. */
export const normByRegex = (s: string): string =>
  s.toLowerCase().replace(PUNCT, '').replace(SPACES, ' ').trim();

const isWordCode = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
const isSpaceCode = (c: number) => c === 32 || (c >= 9 && c <= 13);

/**
 * Compares meaning, not formatting: interims are unpunctuated, finals are punctuated. The
 * same as `normByRegex` (a property test holds it to it); ASCII text, nearly all of it, takes
 * one pass that copies whole runs of words, at under half the regular expressions' cost
 * (they run on every final transcription).
 */
export function norm(s: string): string {
  const n = s.length;
  let lower = true;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c > 127) return normByRegex(s);
    if (c >= 65 && c <= 90) lower = false;
  }
  const t = lower ? s : s.toLowerCase();
  let out = '';
  let gap = false;
  let i = 0;
  while (i < n) {
    const c = t.charCodeAt(i);
    if (!isWordCode(c)) {
      if (isSpaceCode(c)) gap = true;
      i += 1;
      continue;
    }
    // A run: words with single spaces between them, copied as one slice.
    let j = i + 1;
    while (j < n) {
      const d = t.charCodeAt(j);
      if (isWordCode(d)) j += 1;
      else if (d === 32 && j + 1 < n && isWordCode(t.charCodeAt(j + 1))) j += 2;
      else break;
    }
    if (i === 0 && j === n) return t;
    const run = t.slice(i, j);
    out = out === '' ? run : gap ? `${out} ${run}` : out + run;
    gap = false;
    i = j;
  }
  return out;
}

/**
 * `s.trim()`, without the call when both ends are printable ASCII (every whitespace and line
 * terminator JavaScript trims is ≤ U+0020 or ≥ U+00A0): the usual case for a bot's words,
 * which pass through here on every message.
 */
export function trimmed(s: string): string {
  const n = s.length;
  if (n === 0) return s;
  const a = s.charCodeAt(0);
  const b = s.charCodeAt(n - 1);
  return a > 32 && a < 127 && b > 32 && b < 127 ? s : s.trim();
}

/** `, . ; : ! ?`: a word that starts with one joins the previous word without a space. */
const PUNCTUATION: ReadonlySet<number> = new Set([44, 46, 59, 58, 33, 63]);
export function appendWord(acc: string, word: string): string {
  const w = trimmed(word);
  if (!acc || !w) return acc || w;
  return PUNCTUATION.has(w.charCodeAt(0)) ? acc + w : `${acc} ${w}`;
}
export function parseTime(iso: string | undefined): number | null {
  const t = iso === undefined ? Number.NaN : parseIsoTime(iso);
  return Number.isNaN(t) ? null : t;
}

/**
 * Whether a bot turn ending now was cut short: by the user, unless we know all of it was
 * spoken; otherwise when its spoken text falls short of its text. Texts compare by meaning
 * (`norm`), which is skipped for the usual end of a turn, spoken to the letter as written.
 */
export function cutShort(entry: TranscriptEntry, byUser: boolean): boolean {
  if (entry.spokenText === entry.text) return false;
  const spoken = entry.spokenText === undefined ? null : norm(entry.spokenText);
  const full = norm(entry.text);
  return byUser ? spoken !== full : spoken !== null && spoken.length < full.length;
}

/** The open bot turn as the live model keeps it: changed in place, copied only into a state. */
export type WorkingTurn = {
  -readonly [K in keyof BotTurn]: K extends 'segments'
    ? Array<{ -readonly [F in keyof Segment]: Segment[F] }>
    : K extends 'sentences'
      ? string[]
      : BotTurn[K];
};

export function newBotTurn(at: number): WorkingTurn {
  return {
    entryId: null,
    startedAt: at,
    segments: [],
    sentences: [],
    words: '',
    ttsWords: '',
    external: '',
  };
}

/** A working copy of a (frozen) turn. */
export const workingTurn = (t: BotTurn): WorkingTurn => ({
  ...t,
  segments: t.segments.map((g) => ({ ...g })),
  sentences: [...t.sentences],
});

/** A frozen copy of a working turn, for a state. */
export const frozenTurn = (t: WorkingTurn): BotTurn =>
  Object.freeze({
    ...t,
    segments: Object.freeze(t.segments.map((g) => Object.freeze({ ...g }))),
    sentences: Object.freeze([...t.sentences]),
  });

/** `acc` and `part` (trimmed) joined by a space, skipping an empty part: no arrays built. */
function joinOne(acc: string, part: string): string {
  const p = trimmed(part);
  if (!p) return acc;
  return acc ? `${acc} ${p}` : p;
}

export function botText(t: BotTurn | WorkingTurn): { text: string; spoken: string } {
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
export function ttsShows(t: BotTurn | WorkingTurn): boolean {
  if (t.words) return false;
  for (const g of t.segments) if (trimmed(g.spoken)) return false;
  return true;
}

/** Applies a `bot-output` to the turn in place; true when the turn changed. */
export function applyOutput(t: WorkingTurn, input: BotOutput): boolean {
  const id = input.segment_id;
  if (id === undefined) {
    if (!trimmed(input.text)) return false;
    if (input.aggregated_by === 'word') {
      const words = appendWord(t.words, input.text);
      if (words === t.words) return false;
      t.words = words;
      return true;
    }
    t.sentences.push(trimmed(input.text));
    return true;
  }
  // Ids are unique in a turn (a repeated id replaces its segment in place). Looked for from
  // the newest: nearly every update is to the segment being spoken.
  let prev: WorkingTurn['segments'][number] | undefined;
  for (let i = t.segments.length - 1; i >= 0 && prev === undefined; i--)
    if (t.segments[i]?.id === id) prev = t.segments[i];
  const p = input.spoken_progress;
  // A progress update's `text` may be only the latest word; the segment's text is its first full text.
  const text =
    (p
      ? prev?.text || joinOne(joinOne('', p.accumulated_text), p.remaining_text)
      : trimmed(input.text)) ||
    prev?.text ||
    '';
  let spoken = input.spoken_status === 'completed' ? text : p ? trimmed(p.accumulated_text) : '';
  // Progress arrives out of order too: what was spoken stays spoken.
  if (prev && prev.spoken.length > spoken.length) spoken = prev.spoken;
  if (prev) {
    if (prev.text === text && prev.spoken === spoken) return false;
    prev.text = text;
    prev.spoken = spoken;
    return true;
  }
  if (!text) return false;
  // Kept sorted by id: added (usually last, in arrival order), sorted when it came early.
  const segments = t.segments;
  segments.push({ id, text, spoken });
  if (segments.length > 1 && (segments[segments.length - 2]?.id ?? 0) > id)
    segments.sort((a, b) => a.id - b.id);
  return true;
}
