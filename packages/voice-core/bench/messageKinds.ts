/**
 * Context for (a): the cost of each kind of message alone, Parley next to the official
 * client, on the same connected peers as (a). Each kind is a stream of that kind only (the
 * words of a bot that keeps speaking, turn after turn; a user's interims; …) in bursts of
 * 100, interleaved round by round. Where (a)'s whole-stream ratio is short of 1.0×, this
 * says which messages make up the difference.
 */
import { RTVI_LABEL } from '../src/runtime/rtvi/rtviMessages';
import { type Peer, parleyPeer, pipecatPeer } from './sessionThroughput';
import { type Stats, stats } from './util';

const r = (type: string, data?: unknown) =>
  data === undefined ? { label: RTVI_LABEL, type } : { label: RTVI_LABEL, type, data };
const WORDS = 'the weather in paris looks mild with a chance'.split(' ');
const n = WORDS.length;
/** The first `k` words, and the rest. */
const spoken = (k: number) => WORDS.slice(0, k).join(' ');
const rest = (k: number) => WORDS.slice(k).join(' ');

/** Message `i` of each kind's stream; `kind: share` is the kind's share of (a)'s stream. */
export const KINDS: Record<string, { share: string; make: (i: number) => unknown }> = {
  'bot-llm-text': { share: '26 %', make: (i) => r('bot-llm-text', { text: ` ${WORDS[i % n]}` }) },
  // Three sentences' words a turn, as the bot speaks them (a turn with no end would make one
  // entry of every word ever spoken).
  'bot-tts-text': {
    share: '26 %',
    make: (i) => {
      const k = i % (3 * n);
      if (k === 0) return r('bot-started-speaking');
      if (k === 3 * n - 1) return r('bot-stopped-speaking');
      return r('bot-tts-text', { text: WORDS[k % n] });
    },
  },
  // A segment per sentence, its spoken progress word by word, three sentences a turn.
  'bot-output (progress)': {
    share: '26 %',
    make: (i) => {
      const k = (i % n) + 1;
      const segment = Math.floor(i / n) % 3;
      if (k === n && segment === 2) return r('bot-stopped-speaking');
      if (k === 1 && segment === 0) return r('bot-started-speaking');
      return r('bot-output', {
        text: WORDS[k - 1],
        aggregated_by: 'word',
        segment_id: segment,
        // The last sentence's last word is where the bot stops: it completes a word early.
        spoken_status: k === (segment === 2 ? n - 1 : n) ? 'completed' : 'in-progress',
        spoken_progress: { accumulated_text: spoken(k), remaining_text: rest(k) },
      });
    },
  },
  'user-transcription': {
    share: '6 %',
    make: (i) => {
      const k = (i % n) + 1;
      if (k === 1) return r('user-started-speaking');
      return r('user-transcription', {
        text: k === n ? `${spoken(k)}.` : spoken(k),
        final: k === n,
        timestamp: new Date(1_767_225_600_000 + i * 40).toISOString(),
        user_id: 'local-user-1',
      });
    },
  },
  'speaking start/stop': {
    share: '7 %',
    make: (i) =>
      r(
        [
          'user-started-speaking',
          'user-stopped-speaking',
          'bot-started-speaking',
          'bot-stopped-speaking',
        ][i % 4] ?? '',
      ),
  },
  metrics: {
    share: '2 %',
    make: (i) =>
      r('metrics', {
        ttfb: [{ processor: 'llm', model: 'gpt-4o', value: 0.2 + (i % 7) / 20 }],
        characters: [{ processor: 'tts', value: 40 + (i % 50) }],
        tokens: [
          { processor: 'llm', prompt_tokens: 300, completion_tokens: 40, total_tokens: 340 },
        ],
      }),
  },
};

export interface KindResult {
  kind: string;
  share: string;
  /** ns per message, by round. */
  parley: Stats;
  pipecat: Stats;
  /** Pipecat's time ÷ Parley's, round by round: ≥ 1 is Parley as cheap or cheaper. */
  ratio: Stats;
}

/** Each kind's stream of `messages`, `rounds` interleaved rounds (+1 warm-up), bursts of `burst`. */
export async function benchMessageKinds(
  messages: number,
  rounds: number,
  burst: number,
): Promise<KindResult[]> {
  const parley = await parleyPeer(200, 0);
  const pipecat = await pipecatPeer();
  const results: KindResult[] = [];
  try {
    for (const [kind, { share, make }] of Object.entries(KINDS)) {
      const stream = Array.from({ length: messages }, (_, i) => make(i));
      const ns = new Map<Peer, number[]>([
        [parley, []],
        [pipecat, []],
      ]);
      const ratio: number[] = [];
      for (let round = -1; round < rounds; round++) {
        const order = round % 2 === 0 ? [parley, pipecat] : [pipecat, parley];
        const ms = new Map<Peer, number>();
        for (const peer of order) ms.set(peer, await peer.deliver(stream, burst));
        if (round < 0) continue;
        const [a, b] = [ms.get(parley) ?? Number.NaN, ms.get(pipecat) ?? Number.NaN];
        ns.get(parley)?.push((a / messages) * 1e6);
        ns.get(pipecat)?.push((b / messages) * 1e6);
        ratio.push(b / a);
      }
      results.push({
        kind,
        share,
        parley: stats(ns.get(parley) ?? []),
        pipecat: stats(ns.get(pipecat) ?? []),
        ratio: stats(ratio),
      });
    }
    return results;
  } finally {
    await pipecat.dispose();
    await parley.dispose();
  }
}
