import type {
  BotTurn,
  TranscriptEntry,
  TranscriptInput,
  TranscriptOptions,
  TranscriptState,
  UserTurn,
} from './transcriptTypes';

export type {
  TranscriptEntry,
  TranscriptInput,
  TranscriptOptions,
  TranscriptState,
} from './transcriptTypes';

export function createTranscriptState(): TranscriptState {
  return Object.freeze({
    entries: Object.freeze([]),
    nextUser: 1,
    nextBot: 1,
    user: {
      entryId: null,
      finalText: null,
      finalTimestamp: null,
      timestamp: null,
      startedAt: null,
    },
    bot: null,
    links: {},
  });
}

// Compares meaning, not formatting: interims are unpunctuated, finals are punctuated.
const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
const joinParts = (parts: readonly string[]) =>
  parts
    .map((p) => p.trim())
    .filter(Boolean)
    .join(' ');
const appendWord = (acc: string, word: string) => {
  const w = word.trim();
  if (!acc || !w) return acc || w;
  return /^[,.;:!?]/.test(w) ? acc + w : `${acc} ${w}`;
};
const parseTime = (iso: string | undefined) => {
  const t = iso === undefined ? Number.NaN : Date.parse(iso);
  return Number.isNaN(t) ? null : t;
};
const find = (s: TranscriptState, id: string | null) =>
  id === null ? undefined : s.entries.findLast((e) => e.id === id);

function put(s: TranscriptState, entry: TranscriptEntry): TranscriptState {
  const i = s.entries.findLastIndex((e) => e.id === entry.id);
  const frozen = Object.freeze(entry);
  const entries = i === -1 ? [...s.entries, frozen] : s.entries.with(i, frozen);
  return { ...s, entries: Object.freeze(entries) };
}

function botText(t: BotTurn): { text: string; spoken: string } {
  const derived =
    joinParts([...t.segments.map((g) => g.text), ...t.sentences]) || t.words || t.ttsWords;
  const spoken = joinParts(t.segments.map((g) => g.spoken)) || t.words || t.ttsWords;
  return { text: t.external.length > derived.length ? t.external : derived, spoken };
}

/** Writes the open bot turn into its entry, creating the entry once there is text. */
function syncBot(s: TranscriptState, turn: BotTurn, at: number): TranscriptState {
  const { text, spoken } = botText(turn);
  const prev = find(s, turn.entryId);
  if (!text && !prev) return { ...s, bot: turn };
  if (prev && prev.text === text && (prev.spokenText ?? '') === spoken) return { ...s, bot: turn };
  const id = prev?.id ?? turn.entryId ?? `b-${s.nextBot}`;
  const next = put(
    {
      ...s,
      bot: { ...turn, entryId: id },
      nextBot: turn.entryId === null ? s.nextBot + 1 : s.nextBot,
    },
    {
      id,
      role: 'bot',
      text,
      final: false,
      startedAt: prev?.startedAt ?? turn.startedAt,
      updatedAt: at,
      ...(spoken ? { spokenText: spoken } : {}),
    },
  );
  return next;
}

/** Ends the open bot turn. Cut short = the user barged in, unless we know it was all spoken. */
function closeBot(s: TranscriptState, at: number, byUser: boolean): TranscriptState {
  const closed = { ...s, bot: null };
  const entry = s.bot && find(s, s.bot.entryId);
  if (!entry) return closed;
  const spoken = entry.spokenText === undefined ? null : norm(entry.spokenText);
  const full = norm(entry.text);
  const interrupted = byUser ? spoken !== full : spoken !== null && spoken.length < full.length;
  return put(closed, {
    ...entry,
    final: true,
    updatedAt: at,
    ...(interrupted ? { interrupted } : {}),
  });
}

/** Barge-in: the bot's turn ends where its voice stopped; the unspoken rest was never said. */
function cutBot(s: TranscriptState, at: number): TranscriptState {
  const entryId = s.bot?.entryId ?? null;
  const closed = closeBot(s, at, true);
  const entry = find(closed, entryId);
  if (!entry?.interrupted || entry.spokenText === undefined) return closed;
  return put(closed, { ...entry, text: entry.spokenText.trim() });
}

const newBotTurn = (at: number): BotTurn => ({
  entryId: null,
  startedAt: at,
  segments: [],
  sentences: [],
  words: '',
  ttsWords: '',
  external: '',
});

function applyOutput(t: BotTurn, input: Extract<TranscriptInput, { kind: 'bot-output' }>): BotTurn {
  const id = input.segmentId;
  if (id === undefined) {
    if (!input.text.trim()) return t;
    if (input.aggregatedBy === 'word') return { ...t, words: appendWord(t.words, input.text) };
    return { ...t, sentences: [...t.sentences, input.text.trim()] };
  }
  const prev = t.segments.find((g) => g.id === id);
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
  const others = t.segments.filter((g) => g.id !== id);
  return { ...t, segments: [...others, { id, text, spoken }].sort((a, b) => a.id - b.id) };
}

function userTranscription(
  s: TranscriptState,
  at: number,
  rawText: string,
  final: boolean,
  timestamp?: string,
): TranscriptState {
  const text = rawText.trim();
  if (!text) return s;
  const u = s.user;
  const ts = parseTime(timestamp);
  const open = u.finalText === null ? find(s, u.entryId) : undefined;
  if (open && !open.final) {
    const stale =
      ts !== null &&
      ((u.finalTimestamp !== null && ts <= u.finalTimestamp) ||
        (u.timestamp !== null && ts < u.timestamp));
    if (stale || (open.text === text && !final)) return s;
    const next = put(s, { ...open, text, final, updatedAt: at });
    const finalTimestamp = final ? (ts ?? u.finalTimestamp) : u.finalTimestamp;
    const finalText = final ? norm(text) : null;
    return { ...next, user: { ...u, finalText, finalTimestamp, timestamp: ts ?? u.timestamp } };
  }
  if (u.finalText !== null) {
    // The latest voice entry is final. Anything older than it, or a repeat of it with no
    // speech since, is a straggler of that turn and must not become a new entry.
    const late = ts !== null && u.finalTimestamp !== null && ts <= u.finalTimestamp;
    const quiet = u.startedAt === null;
    const n = norm(text);
    const stale = final
      ? n === u.finalText && (quiet || late)
      : late || (quiet && u.finalText.startsWith(n));
    if (stale) return s;
  }
  const id = `u-${s.nextUser}`;
  const next = put(s, {
    id,
    role: 'user',
    text,
    final,
    startedAt: u.startedAt ?? at,
    updatedAt: at,
  });
  const user: UserTurn = {
    entryId: id,
    finalText: final ? norm(text) : null,
    finalTimestamp: final ? (ts ?? u.finalTimestamp) : u.finalTimestamp,
    timestamp: ts,
    startedAt: null,
  };
  return { ...next, nextUser: s.nextUser + 1, user };
}

/** The same words among the last few entries of a role: what RTVI already delivered. */
const recentTwin = (s: TranscriptState, role: 'user' | 'bot', text: string) =>
  s.entries
    .slice(-4)
    .findLast((e) => e.role === role && (role === 'bot' || e.final) && norm(e.text) === norm(text));

function external(
  s: TranscriptState,
  input: Extract<TranscriptInput, { kind: 'external-transcript' }>,
): TranscriptState {
  const text = input.text.trim();
  if (!text) return s;
  const link = (r: TranscriptState, id: string | null | undefined): TranscriptState =>
    input.turnId === undefined || !id || r.links[input.turnId] === id
      ? r
      : { ...r, links: { ...r.links, [input.turnId]: id } };
  const linked = input.turnId === undefined ? undefined : find(s, s.links[input.turnId] ?? null);
  const isOpen =
    linked && (linked.id === s.user.entryId || linked.id === s.bot?.entryId) && !linked.final;
  if (linked && !isOpen) {
    // A correction of a closed turn from the authority; interims can't reopen it.
    return !input.final || linked.text === text
      ? s
      : put(s, { ...linked, text, updatedAt: input.at });
  }
  if (input.role === 'user') {
    // Usually the same words RTVI already delivered: link them instead of adding a twin.
    const twin = linked ? undefined : recentTwin(s, 'user', text);
    if (twin) return link(s, twin.id);
    const next = userTranscription(s, input.at, text, input.final);
    return link(next, next.user.entryId);
  }
  const twin = linked ? undefined : recentTwin(s, 'bot', text);
  if (twin) return link(s, twin.id);
  const next = syncBot(s, { ...(s.bot ?? newBotTurn(input.at)), external: text }, input.at);
  // Only RTVI's bot-stopped-speaking ends a turn RTVI opened: the backend's final may
  // overtake the last RTVI segments, which would then open a duplicate turn.
  const rtvi =
    s.bot && (s.bot.segments.length || s.bot.sentences.length || s.bot.words || s.bot.ttsWords);
  const close = input.final && !rtvi;
  return link(close ? closeBot(next, input.at, false) : next, next.bot?.entryId);
}

function step(s: TranscriptState, input: TranscriptInput): TranscriptState {
  switch (input.kind) {
    case 'user-started-speaking': {
      const next = s.bot ? closeBot(s, input.at, true) : s;
      const open = find(next, next.user.entryId);
      // Speech during an unfinished user entry continues it: one non-final entry per user turn.
      if ((open && !open.final) || next.user.startedAt !== null) return next;
      return { ...next, user: { ...next.user, startedAt: input.at } };
    }
    case 'user-transcription':
      return userTranscription(s, input.at, input.text, input.final, input.timestamp);
    case 'user-text': {
      const text = input.text.trim();
      if (!text) return s;
      const entry = {
        id: `u-${s.nextUser}`,
        role: 'user' as const,
        text,
        final: true,
        startedAt: input.at,
        updatedAt: input.at,
      };
      return { ...put(s, entry), nextUser: s.nextUser + 1 };
    }
    case 'bot-started-speaking':
      return s.bot ? s : { ...s, bot: newBotTurn(input.at) };
    case 'bot-stopped-speaking':
      return s.bot ? closeBot(s, input.at, false) : s;
    case 'bot-interrupted':
      return s.bot ? cutBot(s, input.at) : s;
    case 'bot-output':
    case 'bot-tts-text': {
      const turn = s.bot ?? newBotTurn(input.at);
      const tts =
        input.kind === 'bot-tts-text' ? appendWord(turn.ttsWords, input.text) : turn.ttsWords;
      const next =
        input.kind === 'bot-output'
          ? applyOutput(turn, input)
          : tts === turn.ttsWords
            ? turn
            : { ...turn, ttsWords: tts };
      // Nothing usable (e.g. empty text): no change, and no bot turn opened for it either.
      if (next === turn) return s;
      return syncBot(s, next, input.at);
    }
    case 'external-transcript':
      return external(s, input);
  }
}

/**
 * Applies one input to the transcript and returns the new state, or the SAME state object
 * when nothing changed, so the engine can skip notifying subscribers. `entries` keeps its
 * identity whenever no entry changed, so a UI can compare `entries` alone.
 *
 * Turns appear in arrival order; a user interim is replaced by its final in place; stragglers
 * (interims or repeated finals of a finished turn) are dropped; bot segments accumulate in
 * `segment_id` order; a user barging in finalises the bot turn as `interrupted`.
 *
 * @throws RangeError when `maxEntries` is not a positive integer (a programming error).
 * @example
 * ```ts
 * let transcript = createTranscriptState();
 * transcript = reduceTranscript(transcript, { kind: 'user-started-speaking', at: Date.now() });
 * ```
 */
export function reduceTranscript(
  state: TranscriptState,
  input: TranscriptInput,
  options: TranscriptOptions = {},
): TranscriptState {
  const max = options.maxEntries ?? 200;
  if (!Number.isInteger(max) || max < 1)
    throw new RangeError(`maxEntries must be an integer ≥ 1, got ${max}`);
  const next = step(state, input);
  if (next === state) return state;
  if (next.entries.length <= max) return Object.freeze(next);
  const entries = Object.freeze(next.entries.slice(-max));
  const kept = new Set(entries.map((e) => e.id));
  const links = Object.fromEntries(Object.entries(next.links).filter(([, id]) => kept.has(id)));
  return Object.freeze({ ...next, entries, links });
}
