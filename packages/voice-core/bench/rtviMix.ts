/**
 * A deterministic stream of bot → client app-messages for the bridge benchmark: a realistic
 * mix of valid RTVI messages, ~10 % replays of a recent message (same id), ~1 % malformed
 * ones, each with the outcome the bridge must produce.
 */
import { RTVI_LABEL } from '../src/runtime/rtvi/rtviMessages';
import { mulberry32 } from './util';

export type Expected = 'valid' | 'duplicate' | 'malformed';

export interface MixedMessage {
  data: unknown;
  expected: Expected;
  /** The RTVI type a valid message is delivered as. */
  type?: string;
}

export interface Mix {
  messages: MixedMessage[];
  valid: number;
  duplicate: number;
  malformed: number;
  byType: Map<string, number>;
}

const WORDS = (
  'sure let me check that for you the weather in paris tomorrow looks mild with a chance ' +
  'of rain in the afternoon would you like me to book a table for two at eight'
).split(' ');

/** Every one of these must be reported as malformed (`protocolError`), none delivered. */
export const MALFORMED: ReadonlyArray<(id: string) => unknown> = [
  (id) => ({ label: RTVI_LABEL, type: 'user-transcription', id, data: { text: 42, final: 'yes' } }),
  (id) => ({ label: RTVI_LABEL, type: 'bot-output', id, data: {} }),
  (id) => ({ label: RTVI_LABEL, type: 'bot-tts-text', id, data: 'just a string' }),
  (id) => ({ label: RTVI_LABEL, type: 'bot-llm-started', id: `${id}-${'x'.repeat(300)}` }),
  (id) => ({
    label: RTVI_LABEL,
    type: 'llm-function-call-in-progress',
    id,
    data: { tool_call_id: '', function_name: 7 },
  }),
  (id) => ({ label: RTVI_LABEL, type: 17, id, data: null }),
  (id) => ({ label: RTVI_LABEL, type: 'bot-ready', id, data: { version: 2 } }),
  (id) => ({ label: RTVI_LABEL, type: '', id }),
  // An empty id is valid (a real bot-ready may carry one); a number for an id is not.
  () => ({ label: RTVI_LABEL, type: 'bot-tts-text', id: 5, data: { text: 'numeric id' } }),
];

/** type, cumulative weight (of 100), data maker. */
type Maker = (rng: () => number, i: number) => Record<string, unknown> | undefined;
const sentence = (rng: () => number, n: number): string =>
  Array.from({ length: n }, () => WORDS[Math.floor(rng() * WORDS.length)] ?? 'ok').join(' ');

const VALID: ReadonlyArray<[string, number, Maker]> = [
  [
    'user-transcription',
    17,
    (rng, i) => ({
      text: sentence(rng, 3 + Math.floor(rng() * 8)),
      final: i % 4 === 0,
      timestamp: new Date(1_767_225_600_000 + i * 40).toISOString(),
      user_id: 'local-user-1',
    }),
  ],
  [
    'bot-output',
    30,
    (rng) => ({
      text: sentence(rng, 4 + Math.floor(rng() * 10)),
      aggregated_by: 'sentence',
      will_be_spoken: true,
    }),
  ],
  ['bot-tts-text', 65, (rng) => ({ text: WORDS[Math.floor(rng() * WORDS.length)] ?? 'ok' })],
  ['bot-llm-text', 74, (rng) => ({ text: sentence(rng, 1 + Math.floor(rng() * 3)) })],
  ['user-started-speaking', 78, () => undefined],
  ['user-stopped-speaking', 82, () => undefined],
  ['bot-started-speaking', 86, () => undefined],
  ['bot-stopped-speaking', 90, () => undefined],
  ['bot-llm-started', 93, () => undefined],
  ['bot-llm-stopped', 96, () => undefined],
  ['bot-tts-started', 98, () => undefined],
  ['bot-tts-stopped', 100, () => undefined],
];

function validMessage(rng: () => number, i: number): MixedMessage {
  const roll = rng() * 100;
  const entry = VALID.find(([, upTo]) => roll < upTo) ?? VALID[VALID.length - 1];
  if (!entry) throw new Error('empty mix');
  const [type, , make] = entry;
  const data = make(rng, i);
  const id = `rtvi-bench-${i}`;
  return {
    data:
      data === undefined ? { label: RTVI_LABEL, type, id } : { label: RTVI_LABEL, type, id, data },
    expected: 'valid',
    type,
  };
}

/**
 * `count` messages: ~1 % malformed, ~10 % duplicates of one of the last 64 valid messages
 * (well inside the engine's 2000-id dedupe window), the rest valid and first-seen.
 */
export function buildMix(count: number, seed = 20_260_101): Mix {
  const rng = mulberry32(seed);
  const messages: MixedMessage[] = [];
  const recent: MixedMessage[] = [];
  const byType = new Map<string, number>();
  let valid = 0;
  let duplicate = 0;
  let malformed = 0;
  for (let i = 0; i < count; i++) {
    const roll = rng();
    if (roll < 0.01) {
      const make = MALFORMED[malformed % MALFORMED.length];
      if (!make) throw new Error('no malformed maker');
      messages.push({ data: make(`bad-${i}`), expected: 'malformed' });
      malformed += 1;
    } else if (roll < 0.11 && recent.length > 0) {
      const original = recent[Math.floor(rng() * recent.length)];
      if (!original) throw new Error('no recent message');
      // A fresh object, as a replay arrives over the wire: same id, not the same reference.
      messages.push({ data: structuredClone(original.data), expected: 'duplicate' });
      duplicate += 1;
    } else {
      const message = validMessage(rng, i);
      messages.push(message);
      recent.push(message);
      if (recent.length > 64) recent.shift();
      byType.set(message.type ?? '', (byType.get(message.type ?? '') ?? 0) + 1);
      valid += 1;
    }
  }
  return { messages, valid, duplicate, malformed, byType };
}
