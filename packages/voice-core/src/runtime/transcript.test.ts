import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { botText } from './botTurn';
import {
  createTranscriptState,
  reduceTranscript,
  type TranscriptEntry,
  type TranscriptInput,
  type TranscriptState,
} from './transcript';

type Input = TranscriptInput;
const iso = (ms: number) => new Date(Date.UTC(2025, 0, 1) + ms).toISOString();

/** Applies inputs in order; returns every intermediate state (index 0 = the empty one). */
function replay(inputs: readonly Input[], maxEntries?: number): TranscriptState[] {
  const states = [createTranscriptState()];
  for (const input of inputs) {
    const prev = states.at(-1) ?? createTranscriptState();
    states.push(reduceTranscript(prev, input, maxEntries === undefined ? {} : { maxEntries }));
  }
  return states;
}
const last = (inputs: readonly Input[], maxEntries?: number) =>
  replay(inputs, maxEntries).at(-1) ?? createTranscriptState();
/** The compact view the assertions compare. */
const view = (s: TranscriptState) =>
  s.entries.map((e) => {
    const flags = `${e.final ? ' ✓' : ''}${e.interrupted ? ' ✂' : ''}`;
    return `${e.id}: ${e.text}${flags}`;
  });

const userSpeaks = (at: number): Input => ({ kind: 'user-started-speaking', at });
const heard = (at: number, text: string, final = false, ts?: number): Input => ({
  kind: 'user-transcription',
  at,
  text,
  final,
  ...(ts === undefined ? {} : { timestamp: iso(ts) }),
});
const botSpeaks = (at: number): Input => ({ kind: 'bot-started-speaking', at });
const botStops = (at: number): Input => ({ kind: 'bot-stopped-speaking', at });
const segment = (at: number, id: number, text: string): Input => ({
  kind: 'bot-output',
  at,
  text,
  segment_id: id,
  aggregated_by: 'sentence',
  spoken_status: 'new',
});
const progress = (at: number, id: number, spoken: string, remaining: string): Input => ({
  kind: 'bot-output',
  at,
  text: spoken.split(' ').at(-1) ?? '',
  segment_id: id,
  spoken_status: 'in-progress',
  spoken_progress: { accumulated_text: spoken, remaining_text: remaining },
});

describe('reduceTranscript', () => {
  it('starts empty and frozen', () => {
    const s = createTranscriptState();
    expect(s.entries).toEqual([]);
    expect(Object.isFrozen(s)).toBe(true);
    expect(Object.isFrozen(s.entries)).toBe(true);
  });

  it('keeps user and bot turns in arrival order with stable ids', () => {
    const s = last([
      userSpeaks(0),
      heard(100, 'what is'),
      heard(200, 'what is the weather'),
      heard(300, 'What is the weather?', true),
      botSpeaks(400),
      segment(410, 0, 'It is sunny.'),
      segment(420, 1, 'Enjoy your day.'),
      botStops(900),
      userSpeaks(1000),
      heard(1100, 'Thanks!', true),
    ]);
    expect(view(s)).toEqual([
      'u-1: What is the weather? ✓',
      'b-1: It is sunny. Enjoy your day. ✓',
      'u-2: Thanks! ✓',
    ]);
    expect(s.entries.map((e) => [e.startedAt, e.updatedAt])).toEqual([
      [0, 300],
      [400, 900],
      [1000, 1100],
    ]);
  });

  it('replaces the interim with its final in place, never duplicating it', () => {
    const states = replay([userSpeaks(0), heard(10, 'hello'), heard(20, 'hello there', true)]);
    const interim = states[2]?.entries[0];
    const final = states[3]?.entries[0];
    expect(states[3]?.entries).toHaveLength(1);
    expect(final).toMatchObject({ id: 'u-1', text: 'hello there', final: true });
    // The interim object handed out earlier is untouched.
    expect(interim).toMatchObject({ id: 'u-1', text: 'hello', final: false });
    expect(Object.isFrozen(interim)).toBe(true);
    expect(interim).not.toBe(final);
  });

  it('creates the entry from a final that had no interim', () => {
    expect(view(last([userSpeaks(0), heard(50, 'Yes.', true)]))).toEqual(['u-1: Yes. ✓']);
    expect(view(last([heard(50, 'No.', true)]))).toEqual(['u-1: No. ✓']);
  });

  it('drops an interim that arrives after the final of its turn', () => {
    const byTimestamp = last([
      userSpeaks(0),
      heard(100, 'Book a table.', true, 100),
      userSpeaks(150),
      heard(200, 'book a tab', false, 90),
    ]);
    expect(view(byTimestamp)).toEqual(['u-1: Book a table. ✓']);
    const byPrefix = last([userSpeaks(0), heard(100, 'Book a table.', true), heard(200, 'book a')]);
    expect(view(byPrefix)).toEqual(['u-1: Book a table. ✓']);
  });

  it('opens a new turn for a transcription after a final when it is new speech', () => {
    const s = last([
      heard(100, 'Book a table.', true, 100),
      heard(200, 'for two', false, 200),
      heard(300, 'For two people.', true, 300),
      userSpeaks(400),
      heard(500, 'book', false, 500),
    ]);
    expect(view(s)).toEqual(['u-1: Book a table. ✓', 'u-2: For two people. ✓', 'u-3: book']);
  });

  it('drops an older interim arriving after a newer one of the same turn', () => {
    const s = last([
      userSpeaks(0),
      heard(10, 'hello there', false, 20),
      heard(20, 'hel', false, 10),
    ]);
    expect(view(s)).toEqual(['u-1: hello there']);
  });

  it('ignores a duplicate final (same text re-sent) and returns the same state', () => {
    const states = replay([
      userSpeaks(0),
      heard(100, 'Hello there.', true),
      heard(150, 'Hello there.', true),
      heard(160, 'hello there', true),
    ]);
    expect(states[3]).toBe(states[2]);
    expect(states[4]).toBe(states[2]);
    expect(view(states[4] ?? createTranscriptState())).toEqual(['u-1: Hello there. ✓']);
  });

  it('keeps a repeated sentence when the user really said it again', () => {
    const s = last([userSpeaks(0), heard(1, 'Yes.', true), userSpeaks(2), heard(3, 'Yes.', true)]);
    expect(view(s)).toEqual(['u-1: Yes. ✓', 'u-2: Yes. ✓']);
  });

  it('continues an unfinished user entry when the user resumes after a pause', () => {
    const s = last([
      userSpeaks(0),
      heard(1, 'I want'),
      userSpeaks(2),
      heard(3, 'I want pizza', true),
    ]);
    expect(view(s)).toEqual(['u-1: I want pizza ✓']);
  });

  it('orders bot segments by segment_id, updating a repeated id in place', () => {
    const s = last([
      botSpeaks(0),
      segment(1, 2, 'Third.'),
      segment(2, 0, 'First.'),
      segment(3, 1, 'Second.'),
      segment(4, 0, 'First.'),
      segment(5, 1, 'Second, revised.'),
    ]);
    expect(view(s)).toEqual(['b-1: First. Second, revised. Third.']);
  });

  it('tracks spoken progress from spoken_progress and from bot-tts-text', () => {
    const s1 = last([
      botSpeaks(0),
      segment(1, 0, 'Hello there.'),
      segment(2, 1, 'How are you?'),
      progress(3, 0, 'Hello', 'there.'),
      progress(4, 0, 'Hello there.', ''),
      progress(5, 1, 'How', 'are you?'),
      progress(6, 0, 'Hello', 'there.'), // late: spoken text never goes backwards
    ]);
    expect(s1.entries[0]).toMatchObject({
      text: 'Hello there. How are you?',
      spokenText: 'Hello there. How',
    });
    const s2 = last([
      botSpeaks(0),
      { kind: 'bot-tts-text', at: 1, text: 'Hi' },
      { kind: 'bot-tts-text', at: 2, text: 'there' },
      { kind: 'bot-tts-text', at: 3, text: '!' },
    ]);
    expect(s2.entries[0]).toMatchObject({ id: 'b-1', text: 'Hi there!', spokenText: 'Hi there!' });
  });

  it('marks a bot turn interrupted when the user barges in', () => {
    const s = last([
      botSpeaks(0),
      segment(1, 0, 'Let me tell you a long story.'),
      progress(2, 0, 'Let me', 'tell you a long story.'),
      userSpeaks(3),
      heard(4, 'Stop.', true),
      botStops(5),
    ]);
    expect(view(s)).toEqual(['b-1: Let me tell you a long story. ✓ ✂', 'u-1: Stop. ✓']);
    expect(s.entries[0]).toMatchObject({ spokenText: 'Let me', updatedAt: 3 });
  });

  it('does not call a fully spoken bot turn interrupted', () => {
    const s = last([
      botSpeaks(0),
      segment(1, 0, 'Done.'),
      { kind: 'bot-output', at: 2, text: 'Done.', segment_id: 0, spoken_status: 'completed' },
      userSpeaks(3),
    ]);
    expect(view(s)).toEqual(['b-1: Done. ✓']);
  });

  it('marks a bot turn interrupted when it stopped with text unspoken', () => {
    const s = last([
      botSpeaks(0),
      segment(1, 0, 'One. Two.'),
      progress(2, 0, 'One.', 'Two.'),
      botStops(3),
    ]);
    expect(view(s)).toEqual(['b-1: One. Two. ✓ ✂']);
  });

  it('opens a bot turn for bot-output without bot-started-speaking', () => {
    const s = last([
      { kind: 'bot-output', at: 5, text: 'Hi!', aggregated_by: 'sentence' },
      { kind: 'bot-output', at: 6, text: 'Welcome.', aggregated_by: 'sentence' },
      botStops(7),
      { kind: 'bot-output', at: 8, text: 'Anything else?' },
    ]);
    expect(view(s)).toEqual(['b-1: Hi! Welcome. ✓', 'b-2: Anything else?']);
    expect(s.entries[0]?.startedAt).toBe(5);
  });

  it('adds typed text as a final user turn without disturbing the voice turn', () => {
    const s = last([
      userSpeaks(0),
      heard(1, 'so'),
      { kind: 'user-text', at: 2, text: 'typed question' },
      heard(3, 'so what', true),
    ]);
    expect(view(s)).toEqual(['u-1: so what ✓', 'u-2: typed question ✓']);
  });

  it('merges transcripts from the backend channel with what RTVI delivered', () => {
    const s = last([
      userSpeaks(0),
      heard(1, 'Hello.', true),
      {
        kind: 'external-transcript',
        at: 2,
        role: 'user',
        text: 'Hello.',
        final: true,
        turnId: 't1',
      },
      {
        kind: 'external-transcript',
        at: 3,
        role: 'user',
        text: 'Hello!',
        final: true,
        turnId: 't1',
      },
      botSpeaks(4),
      segment(5, 0, 'Hi.'),
      { kind: 'external-transcript', at: 6, role: 'bot', text: 'Hi. How can I help?', final: true },
      segment(7, 1, 'How can I help?'),
      botStops(8),
      { kind: 'external-transcript', at: 9, role: 'bot', text: 'Bye.', final: true },
    ]);
    expect(view(s)).toEqual(['u-1: Hello! ✓', 'b-1: Hi. How can I help? ✓', 'b-2: Bye. ✓']);
  });

  it('bounds the history to maxEntries, dropping the oldest', () => {
    const inputs: Input[] = [];
    for (let i = 0; i < 10; i += 1)
      inputs.push(userSpeaks(i * 10), heard(i * 10 + 1, `n${i}`, true));
    const s = last(inputs, 3);
    expect(view(s)).toEqual(['u-8: n7 ✓', 'u-9: n8 ✓', 'u-10: n9 ✓']);
    expect(() => reduceTranscript(s, userSpeaks(0), { maxEntries: 0 })).toThrow(RangeError);
  });

  it('returns the same state object when nothing changed', () => {
    const s = last([userSpeaks(0), heard(1, 'Hi', true), botSpeaks(2), segment(3, 0, 'Hello.')]);
    const noops: Input[] = [
      botSpeaks(4), // already speaking
      segment(5, 0, 'Hello.'), // same segment again
      heard(6, 'Hi', true), // duplicate final
      heard(7, 'hi'), // late interim
      heard(8, '   ', false), // empty
      { kind: 'user-text', at: 9, text: '' },
      { kind: 'bot-tts-text', at: 10, text: ' ' },
    ];
    for (const input of noops) expect(reduceTranscript(s, input), input.kind).toBe(s);
    const closed = reduceTranscript(s, botStops(11));
    expect(reduceTranscript(closed, botStops(12))).toBe(closed);
    // Bookkeeping-only changes keep `entries` identical so a UI can skip re-rendering.
    const pending = reduceTranscript(closed, userSpeaks(13));
    expect(pending).not.toBe(closed);
    expect(pending.entries).toBe(closed.entries);
    expect(reduceTranscript(pending, userSpeaks(14))).toBe(pending);
  });

  it('shows TTS words as the spoken text only until the turn has its own', () => {
    const states = replay([
      botSpeaks(0),
      segment(1, 0, 'Sure thing.'),
      { kind: 'bot-tts-text', at: 2, text: 'Sure' },
      progress(3, 0, 'Sure', 'thing.'),
      { kind: 'bot-tts-text', at: 4, text: 'thing' },
      progress(5, 0, 'Sure thing.', ''),
    ]);
    const bot = states.map((s) => s.entries[0] && [s.entries[0].text, s.entries[0].spokenText]);
    expect(bot).toEqual([
      undefined,
      undefined,
      ['Sure thing.', undefined],
      ['Sure thing.', 'Sure'],
      ['Sure thing.', 'Sure'],
      // The turn's own spoken text now: a TTS word changes nothing in the entry.
      ['Sure thing.', 'Sure'],
      ['Sure thing.', 'Sure thing.'],
    ]);
    expect(states[5]?.entries).toBe(states[4]?.entries);
    expect(states[5]?.bot?.ttsWords).toBe('Sure thing');
  });

  it("keeps an open bot turn's entry equal to its text, whatever the mix of bot inputs", () => {
    const word = fc.constantFrom('', 'hi', 'there', 'How are', 'you?', '!', ' ok ');
    const input = fc.oneof(
      fc.record({ kind: fc.constant('bot-tts-text' as const), text: word }),
      fc.record({
        kind: fc.constant('bot-output' as const),
        text: word,
        aggregated_by: fc.constantFrom('word', 'sentence'),
      }),
      fc.record({
        kind: fc.constant('bot-output' as const),
        text: word,
        segment_id: fc.integer({ min: 0, max: 2 }),
        spoken_status: fc.constantFrom(
          'new' as const,
          'in-progress' as const,
          'completed' as const,
        ),
      }),
      fc.record({
        kind: fc.constant('bot-output' as const),
        text: word,
        segment_id: fc.integer({ min: 0, max: 2 }),
        spoken_status: fc.constant('in-progress' as const),
        spoken_progress: fc.record({ accumulated_text: word, remaining_text: word }),
      }),
    );
    fc.assert(
      fc.property(fc.array(input, { maxLength: 30 }), (inputs) => {
        const states = replay([botSpeaks(0), ...inputs.map((i, k) => ({ ...i, at: k + 1 }))]);
        for (const s of states) {
          const entry = s.entries.find((e) => e.id === s.bot?.entryId);
          if (!s.bot || !entry) continue;
          const { text, spoken } = botText(s.bot);
          expect([entry.text, entry.spokenText ?? '']).toEqual([text, spoken]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps its invariants over 10,000 random steps', () => {
    let seed = 42;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
    const words = ['hi', 'Hi.', 'hello', 'hello there', 'Hello there.', 'yes', 'no', '', 'ok then'];
    const maxEntries = 15;
    const seen = new WeakMap<TranscriptEntry, string>();
    const problems: string[] = [];
    let s = createTranscriptState();
    let at = 0;
    for (let i = 0; i < 10_000; i += 1) {
      at += Math.floor(rand() * 50);
      const ts = at + Math.floor((rand() - 0.7) * 200); // sometimes in the past
      const k = Math.floor(rand() * 9);
      const input: Input =
        k === 0
          ? userSpeaks(at)
          : k === 1
            ? heard(at, pick(words), rand() < 0.4, rand() < 0.7 ? ts : undefined)
            : k === 2
              ? botSpeaks(at)
              : k === 3
                ? botStops(at)
                : k === 4
                  ? rand() < 0.5
                    ? segment(at, Math.floor(rand() * 4), pick(words))
                    : progress(at, Math.floor(rand() * 4), pick(words), pick(words))
                  : k === 5
                    ? { kind: 'bot-tts-text', at, text: pick(words) }
                    : k === 6
                      ? { kind: 'user-text', at, text: pick(words) }
                      : k === 7
                        ? {
                            kind: 'external-transcript',
                            at,
                            role: rand() < 0.5 ? 'user' : 'bot',
                            text: pick(words),
                            final: rand() < 0.6,
                            ...(rand() < 0.5 ? { turnId: `t${Math.floor(rand() * 5)}` } : {}),
                          }
                        : { kind: 'bot-output', at, text: pick(words), aggregated_by: 'word' };
      const next = reduceTranscript(s, input, { maxEntries });
      // Plain checks collected as text: half a million expect() calls would take seconds.
      const fail = (why: string) => problems.push(`step ${i} (${input.kind}): ${why}`);
      if (next === s && next.entries !== s.entries) fail('same state, different entries');
      s = next;
      const ids = s.entries.map((e) => e.id);
      if (new Set(ids).size !== ids.length) fail(`duplicate ids ${ids.join(',')}`);
      if (s.entries.length > maxEntries) fail(`${s.entries.length} entries`);
      for (const role of ['user', 'bot'] as const) {
        const open = s.entries.filter((e) => e.role === role && !e.final).length;
        if (open > 1) fail(`${open} non-final ${role} entries`);
      }
      if (!Object.isFrozen(s) || !Object.isFrozen(s.entries)) fail('state not frozen');
      for (const e of s.entries) {
        if (!e.id.startsWith(e.role === 'user' ? 'u-' : 'b-')) fail(`id ${e.id} for ${e.role}`);
        if (!e.text.trim()) fail(`empty ${e.id}`);
        if (!Object.isFrozen(e)) fail(`${e.id} not frozen`);
        const json = JSON.stringify(e);
        const before = seen.get(e);
        // An entry once handed out never changes.
        if (before === undefined) seen.set(e, json);
        else if (json !== before) fail(`${e.id} mutated`);
      }
      if (problems.length > 0) break;
    }
    expect(problems).toEqual([]);
    // The walk exercised trimming, both roles and interruptions.
    expect(Number(s.entries.at(-1)?.id.slice(2))).toBeGreaterThan(maxEntries);
    expect(s.entries.some((e) => e.interrupted)).toBe(true);
  });
});
