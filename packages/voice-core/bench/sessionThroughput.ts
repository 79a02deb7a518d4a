/**
 * Benchmark: whole-session message throughput, Parley's `VoiceSession` against the official
 * `PipecatClient` + `DailyTransport`, on the same mock call object and the same stream.
 *
 * Each peer gets its own zero-latency mock room and a connected client (Parley: `start()` to
 * `active`; Pipecat: `connect()` to `ready`), with what an app attaches: Parley a snapshot
 * subscriber that reads `getSnapshot().transcript` (what `useSyncExternalStore` does) and a
 * `voice.transcript` handler; Pipecat a callback for every message kind it dispatches. The
 * stream goes in through the room's wire (`room.sendToClient`, from the bot's session id),
 * in bursts of `burst` messages per task, and each timing ends after the microtask queue has
 * drained (so Parley's coalesced notifications are inside the measured time). Rounds
 * alternate between the peers so machine drift hits both alike.
 */
import { LogLevel, PipecatClient, type PipecatClientOptions } from '@pipecat-ai/client-js';
import { DailyTransport } from '@pipecat-ai/daily-transport';
import {
  createMockBackend,
  createMockRoom,
  MockDailyIframe,
  type MockRoom,
  releaseLeftovers,
} from '../src/testing/index';
import { createVoiceSession, type VoiceSession } from '../src/voiceSession';
import { buildPrefill, type ConversationStream } from './conversationStream';
import { nextSettledStatus, type Stats, stats } from './util';

const BOT = { mode: 'happy' as const, joinMs: 0, readyMs: 0, script: [] };

/**
 * Between two bursts: a new task (`setImmediate`, what (a) times: the page's timers may run
 * there, outside the timed bursts), or only the microtask checkpoint (what (b) counts: no timer
 * can run inside a block, so its instructions are the messages' alone).
 */
export type Between = 'task' | 'microtasks';

/** One connected peer: `deliver` pushes a stream through its room and resolves when drained. */
export interface Peer {
  readonly name: string;
  deliver(messages: readonly unknown[], burst: number, between?: Between): Promise<number>;
  /** What the app saw, for the correctness check. */
  counts(): Record<string, number>;
  dispose(): Promise<void>;
}

const drain = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Pushes `messages` through the room's wire in bursts; returns the milliseconds the bursts took. */
export async function pump(
  room: MockRoom,
  messages: readonly unknown[],
  burst: number,
  between: Between = 'task',
): Promise<number> {
  const from = room.bot.participant()?.session_id ?? '';
  let ms = 0;
  for (let i = 0; i < messages.length; i += burst) {
    const end = Math.min(messages.length, i + burst);
    const t0 = performance.now();
    for (let k = i; k < end; k++) room.sendToClient(messages[k], from);
    await Promise.resolve(); // the coalesced notification of this burst runs here
    ms += performance.now() - t0;
    if (between === 'task') await drain();
  }
  return ms;
}

/**
 * Parley's `VoiceSession` on a mock room, active, with a subscriber reading the snapshot.
 * `slow` gives the connect minutes instead of seconds (under valgrind everything is ~50×).
 */
export async function parleyPeer(
  maxTranscriptEntries = 200,
  prefill = 0,
  slow = false,
): Promise<Peer> {
  const room = createMockRoom({ bot: BOT, joinLatencyMs: 0 });
  const backend = createMockBackend({ room, latencyMs: 0 });
  const session: VoiceSession = createVoiceSession({
    backend: { baseUrl: backend.baseUrl, fetch: backend.fetch, retries: 0 },
    callFactory: room.callFactory,
    pageLifecycle: false,
    dataChannel: false,
    maxTranscriptEntries,
    ...(slow ? { timeouts: { connectMs: 600_000 } } : {}),
  });
  let notifications = 0;
  let transcriptEvents = 0;
  let entries = 0;
  const errors: Record<string, number> = {};
  session.subscribe(() => {
    notifications += 1;
    entries = session.getSnapshot().transcript.length;
  });
  session.on('voice.transcript', () => {
    transcriptEvents += 1;
  });
  session.on('voice.error', ({ error }) => {
    errors[`error:${error.code}`] = (errors[`error:${error.code}`] ?? 0) + 1;
  });
  const settled = nextSettledStatus(session, slow ? 600_000 : 5000);
  await session.start();
  if ((await settled) !== 'active')
    throw new Error('bench: the Parley session never became active');
  if (prefill > 0) await pump(room, buildPrefill(prefill), 1000);
  return {
    name: 'Parley',
    deliver: (messages, burst, between) => pump(room, messages, burst, between),
    counts: () => ({
      notifications,
      transcriptEvents,
      entries,
      ...errors,
      status: session.getSnapshot().status === 'active' ? 1 : 0,
    }),
    dispose: async () => {
      await session.destroy();
      room.dispose();
      backend.dispose();
      releaseLeftovers();
    },
  };
}

/** The official Pipecat web client over the same mock room, `ready`, with every callback set. */
export async function pipecatPeer(): Promise<Peer> {
  const room = createMockRoom({ bot: BOT, joinLatencyMs: 0 });
  const unbind = MockDailyIframe.bindRoom(room);
  const counts: Record<string, number> = {};
  const on = (name: string) => () => {
    counts[name] = (counts[name] ?? 0) + 1;
  };
  const callbacks: PipecatClientOptions['callbacks'] = {
    onUserStartedSpeaking: on('userStartedSpeaking'),
    onUserStoppedSpeaking: on('userStoppedSpeaking'),
    onUserTranscript: on('userTranscript'),
    onBotLlmStarted: on('botLlmStarted'),
    onBotLlmStopped: on('botLlmStopped'),
    onBotLlmText: on('botLlmText'),
    onBotStartedSpeaking: on('botStartedSpeaking'),
    onBotStoppedSpeaking: on('botStoppedSpeaking'),
    onBotOutput: on('botOutput'),
    onBotTtsText: on('botTtsText'),
    onMetrics: on('metrics'),
    onServerMessage: on('serverMessage'),
    onMessageError: on('messageError'),
    onError: on('error'),
  };
  const client = new PipecatClient({
    transport: new DailyTransport(),
    enableMic: true,
    enableCam: false,
    callbacks,
  });
  client.setLogLevel(LogLevel.WARN);
  room.launchBot();
  await client.connect({ url: room.url, token: 'bench' });
  if (client.state !== 'ready') throw new Error(`bench: PipecatClient is '${client.state}'`);
  return {
    name: 'Pipecat',
    deliver: (messages, burst, between) => pump(room, messages, burst, between),
    counts: () => ({ ...counts }),
    dispose: async () => {
      await client.disconnect().catch(() => {});
      const call = room.call;
      if (call && !call.isDestroyed()) await call.destroy();
      unbind();
      room.dispose();
      releaseLeftovers();
    },
  };
}

export interface ThroughputResult {
  messages: number;
  rounds: number;
  parley: Stats;
  pipecat: Stats;
  /** Parley ÷ Pipecat, round by round (each pair ran back to back). */
  ratio: Stats;
  parleyCounts: Record<string, number>;
  pipecatCounts: Record<string, number>;
  problems: string[];
}

const rate = (messages: number, ms: number) => (messages / ms) * 1000;

/**
 * (a) The same stream through both peers, `rounds` times, alternating which goes first.
 * A warm-up round of each (JIT) is run and checked but not timed.
 */
export async function benchThroughput(
  stream: ConversationStream,
  rounds: number,
  burst: number,
): Promise<ThroughputResult> {
  const parley = await parleyPeer(200, 200);
  const pipecat = await pipecatPeer();
  const problems: string[] = [];
  const p: number[] = [];
  const q: number[] = [];
  const ratio: number[] = [];
  try {
    await parley.deliver(stream.messages, burst);
    await pipecat.deliver(stream.messages, burst);
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? [parley, pipecat] : [pipecat, parley];
      const ms = new Map<Peer, number>();
      for (const peer of order) ms.set(peer, await peer.deliver(stream.messages, burst));
      const a = rate(stream.messages.length, ms.get(parley) ?? Number.NaN);
      const b = rate(stream.messages.length, ms.get(pipecat) ?? Number.NaN);
      p.push(a);
      q.push(b);
      ratio.push(a / b);
    }
    const c = parley.counts();
    // Every malformed message is reported, once per delivery; nothing else is.
    const deliveries = rounds + 1;
    if (c['error:protocol'] !== stream.malformed * deliveries)
      problems.push(
        `Parley reported ${c['error:protocol']} protocol errors for ${stream.malformed * deliveries} malformed`,
      );
    if (c.status !== 1) problems.push('the Parley session is no longer active');
    return {
      messages: stream.messages.length,
      rounds,
      parley: stats(p),
      pipecat: stats(q),
      ratio: stats(ratio),
      parleyCounts: c,
      pipecatCounts: pipecat.counts(),
      problems,
    };
  } finally {
    await pipecat.dispose();
    await parley.dispose();
  }
}

export interface LengthResult {
  lengths: number[];
  /** msg/s at each transcript length, same order. */
  rates: Stats[];
  /** Each length's rate ÷ the first length's, round by round. */
  relative: Stats[];
  entries: number[];
}

/** (c): messages each new session takes, untimed, before its timed delivery. */
const WARM_MESSAGES = 20_000;

/**
 * (c) Parley's throughput with a transcript kept at `lengths` entries (`maxTranscriptEntries`
 * = length, prefilled, so every new turn drops the oldest): flat is the goal. Interleaved,
 * in an order that rotates from round to round.
 */
export async function benchTranscriptLengths(
  stream: ConversationStream,
  lengths: readonly number[],
  rounds: number,
  burst: number,
): Promise<LengthResult> {
  const runs = lengths.map(() => [] as number[]);
  const rel = lengths.map(() => [] as number[]);
  const entries = lengths.map(() => 0);
  for (let r = -1; r < rounds; r++) {
    const row: number[] = [];
    // The order rotates each round, so no length always runs first (or after another).
    const order = lengths.map((_, k) => (k + Math.max(0, r)) % lengths.length);
    for (const i of order) {
      const length = lengths[i] ?? 0;
      // One session at a time: a page (and the mock) allows one call object.
      const peer = await parleyPeer(length, length);
      try {
        // A new session's first messages warm what is its own (its closures' feedback): the
        // same untimed stretch for every length, so each timed delivery is steady state.
        await peer.deliver(stream.messages.slice(0, WARM_MESSAGES), burst);
        row[i] = rate(stream.messages.length, await peer.deliver(stream.messages, burst));
        entries[i] = peer.counts().entries ?? 0;
      } finally {
        await peer.dispose();
      }
    }
    if (r < 0) continue; // warm-up
    for (const [i, v] of row.entries()) {
      runs[i]?.push(v);
      rel[i]?.push(v / (row[0] ?? Number.NaN));
    }
  }
  return { lengths: [...lengths], rates: runs.map(stats), relative: rel.map(stats), entries };
}
