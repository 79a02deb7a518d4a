/**
 * A deterministic stream of bot → client app-messages shaped like a busy conversation, for
 * the session-throughput benchmark: user turns (interim transcriptions growing word by word,
 * then a final), the bot thinking (streamed LLM text), the bot speaking (`bot-output`
 * sentences with spoken progress at word rate, `bot-tts-text` words), speaking start/stop,
 * metrics after each turn, ~10 % replays of a recent message and ~1 % malformed ones. Like a
 * real pipecat bot, none of these messages carries an id (a real bot ids only its answers).
 */
import { RTVI_LABEL } from '../src/runtime/rtvi/rtviMessages';
import { MALFORMED } from './rtviMix';
import { mulberry32 } from './util';

/**
 * The bridge bench's malformed messages, less the one that crashes PipecatClient (a
 * `bot-ready` whose version is a number: `data.version.split is not a function`, thrown
 * into the call object's event dispatch), so both peers can take the same stream.
 */
const MALFORMED_FOR_BOTH = MALFORMED.filter((make) => {
  const sample = make('probe') as { type?: unknown };
  return sample.type !== 'bot-ready';
});

export interface ConversationStream {
  readonly messages: readonly unknown[];
  /** Malformed messages, replays of malformed ones included: each must be reported. */
  readonly malformed: number;
  readonly replays: number;
  /** Conversation turns (one user and one bot transcript entry each). */
  readonly turns: number;
}

const WORDS = (
  'sure let me check that for you the weather in paris tomorrow looks mild with a chance ' +
  'of rain in the afternoon would you like me to book a table for two at eight'
).split(' ');

const rtvi = (type: string, data?: unknown) =>
  data === undefined ? { label: RTVI_LABEL, type } : { label: RTVI_LABEL, type, data };

function words(rng: () => number, n: number): string[] {
  return Array.from({ length: n }, () => WORDS[Math.floor(rng() * WORDS.length)] ?? 'ok');
}

/** One user turn and the bot's answer, as a pipecat bot sends them. */
function turn(rng: () => number, n: number): unknown[] {
  const out: unknown[] = [rtvi('user-started-speaking')];
  const said = words(rng, 4 + Math.floor(rng() * 6));
  const stamp = (k: number) => new Date(1_767_225_600_000 + n * 10_000 + k * 40).toISOString();
  for (let k = 2; k < said.length; k += 2)
    out.push(
      rtvi('user-transcription', {
        text: said.slice(0, k).join(' '),
        final: false,
        timestamp: stamp(k),
        user_id: 'local-user-1',
      }),
    );
  out.push(
    rtvi('user-transcription', {
      text: `${said.join(' ')}.`,
      final: true,
      timestamp: stamp(said.length),
      user_id: 'local-user-1',
    }),
    rtvi('user-stopped-speaking'),
    rtvi('bot-llm-started'),
  );
  const sentences = Array.from({ length: 1 + Math.floor(rng() * 3) }, () =>
    words(rng, 4 + Math.floor(rng() * 8)),
  );
  for (const s of sentences) for (const w of s) out.push(rtvi('bot-llm-text', { text: ` ${w}` }));
  out.push(rtvi('bot-llm-stopped'), rtvi('bot-started-speaking'));
  sentences.forEach((s, segment) => {
    const text = `${s.join(' ')}.`;
    out.push(
      rtvi('bot-output', {
        text,
        aggregated_by: 'sentence',
        segment_id: segment,
        spoken_status: 'new',
      }),
    );
    for (let k = 1; k <= s.length; k++) {
      out.push(rtvi('bot-tts-text', { text: s[k - 1] }));
      out.push(
        rtvi('bot-output', {
          text: s[k - 1],
          aggregated_by: 'word',
          segment_id: segment,
          spoken_status: k === s.length ? 'completed' : 'in-progress',
          spoken_progress: {
            accumulated_text: s.slice(0, k).join(' '),
            remaining_text: s.slice(k).join(' '),
          },
        }),
      );
    }
  });
  out.push(
    rtvi('bot-stopped-speaking'),
    rtvi('metrics', {
      ttfb: [{ processor: 'llm', model: 'gpt-4o', value: 0.2 + rng() * 0.3 }],
      processing: [{ processor: 'tts', value: 0.05 }],
      characters: [{ processor: 'tts', value: 40 + Math.floor(rng() * 80) }],
      tokens: [{ processor: 'llm', prompt_tokens: 300, completion_tokens: 40, total_tokens: 340 }],
    }),
  );
  return out;
}

/**
 * `count` messages of whole conversation turns, with replays (~10 %, a structured clone of
 * one of the last 32 messages, as a resend arrives: same content, not the same object) and
 * malformed messages (~1 %) mixed in.
 */
export function buildConversation(count: number, seed = 20_260_115): ConversationStream {
  const rng = mulberry32(seed);
  const messages: unknown[] = [];
  const bad: boolean[] = [];
  let malformed = 0;
  let made = 0;
  let replays = 0;
  let turns = 0;
  let pending: unknown[] = [];
  while (messages.length < count) {
    if (pending.length === 0) {
      pending = turn(rng, turns);
      turns += 1;
    }
    const roll = rng();
    if (roll < 0.01) {
      const make = MALFORMED_FOR_BOTH[made % MALFORMED_FOR_BOTH.length];
      made += 1;
      if (!make) continue;
      messages.push(make(`bad-${messages.length}`));
      bad.push(true);
      malformed += 1;
    } else if (roll < 0.11 && messages.length > 32) {
      const from = messages.length - 1 - Math.floor(rng() * 32);
      messages.push(structuredClone(messages[from]));
      bad.push(bad[from] === true);
      if (bad[from]) malformed += 1;
      replays += 1;
    } else {
      messages.push(pending.shift());
      bad.push(false);
    }
  }
  return { messages, malformed, replays, turns };
}

/** `entries` transcript entries' worth of short finished turns (user final + bot sentence). */
export function buildPrefill(entries: number): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < Math.ceil(entries / 2); i++) {
    out.push(
      rtvi('user-started-speaking'),
      rtvi('user-transcription', { text: `question ${i}.`, final: true, user_id: 'local-user-1' }),
      rtvi('user-stopped-speaking'),
      rtvi('bot-started-speaking'),
      rtvi('bot-output', {
        text: `answer ${i}.`,
        aggregated_by: 'sentence',
        spoken_status: 'completed',
      }),
      rtvi('bot-stopped-speaking'),
    );
  }
  return out;
}
