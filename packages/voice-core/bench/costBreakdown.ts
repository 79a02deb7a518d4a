/**
 * Where a message's time goes: the (a) stream, in the same bursts, through four receivers on
 * their own mock rooms, interleaved round by round —
 *   - the wire alone: the room → the call object → one bare `app-message` listener (what
 *     every peer pays, and none of theirs);
 *   - Parley's bridge alone: `attachEventBridge` with handlers that only count (every message
 *     checked, a replay that carries an id dropped, each dispatched), without the session;
 *   - Parley's whole session, as (a) times it;
 *   - Pipecat's whole client, as (a) times it.
 * Each figure is nanoseconds per message above the wire's, from the medians: what each
 * receiver itself costs, and so what a target set against Pipecat's client leaves for the rest.
 */
import { BoundedIdSet } from '../src/util/boundedIdSet';
import { attachEventBridge } from '../src/runtime/rtvi/eventBridge';
import {
  createMockRoom,
  type MockDailyCall,
  type MockRoom,
  releaseLeftovers,
} from '../src/testing/index';
import { countingHandlers, SEEN_CAPACITY } from './bridgeThroughput';
import type { ConversationStream } from './conversationStream';
import { type Peer, parleyPeer, pipecatPeer, pump } from './sessionThroughput';
import { type Stats, sleep, stats } from './util';

const BOT = { mode: 'happy' as const, joinMs: 0, readyMs: 0, script: [] };

/** A joined call object on its own room, with the mock bot in it (the stream's sender). */
async function joinedCall(): Promise<{ room: MockRoom; call: MockDailyCall }> {
  const room = createMockRoom({ bot: BOT, joinLatencyMs: 0 });
  // The sessions of (a) hold their own call objects meanwhile.
  const call = (await room.callFactory({ allowMultipleCallInstances: true })) as MockDailyCall;
  await call.join({ url: room.url, token: 'bench' });
  room.launchBot();
  for (let i = 0; i < 100 && !room.bot.participant(); i++) await sleep(1);
  if (!room.bot.participant()) throw new Error('bench: the mock bot never joined');
  return { room, call };
}

/** (Not `releaseLeftovers`: that would destroy the other receivers' call objects too.) */
async function release(room: MockRoom, call: MockDailyCall): Promise<void> {
  await call.leave().catch(() => {});
  await call.destroy();
  room.dispose();
}

/** The wire alone: one listener that counts what arrives. */
async function wirePeer(): Promise<Peer> {
  const { room, call } = await joinedCall();
  let received = 0;
  call.on('app-message', () => {
    received += 1;
  });
  return {
    name: 'wire',
    deliver: (messages, burst) => pump(room, messages, burst),
    counts: () => ({ received }),
    dispose: () => release(room, call),
  };
}

/** Parley's bridge alone, with the session's dedupe window, into handlers that count. */
async function bridgePeer(): Promise<Peer> {
  const { room, call } = await joinedCall();
  const { handlers, counts } = countingHandlers();
  // Only a count per message: the bench's other counts (by type) would cost more than a no-op.
  handlers.rtvi = () => {
    counts.rtvi += 1;
  };
  const detach = attachEventBridge(call, handlers, new BoundedIdSet(SEEN_CAPACITY));
  return {
    name: 'bridge',
    deliver: (messages, burst) => pump(room, messages, burst),
    counts: () => ({ rtvi: counts.rtvi, protocolError: counts.protocolError, other: counts.other }),
    dispose: async () => {
      detach();
      await release(room, call);
    },
  };
}

export interface BreakdownResult {
  rounds: number;
  /** ns per message, whole (the wire's included). */
  wire: Stats;
  bridge: Stats;
  parley: Stats;
  pipecat: Stats;
  /** Round by round: the bridge's ns above the wire ÷ Pipecat's. */
  bridgeShare: Stats;
  problems: string[];
}

/** The four receivers, `rounds` rounds after an untimed one, the order rotating each round. */
export async function benchBreakdown(
  stream: ConversationStream,
  rounds: number,
  burst: number,
): Promise<BreakdownResult> {
  // Parley's session first: its call factory allows one call object, the others take theirs after.
  const peers = [
    await parleyPeer(200, 200),
    await pipecatPeer(),
    await wirePeer(),
    await bridgePeer(),
  ];
  const [parley, pipecat, wire, bridge] = peers as [Peer, Peer, Peer, Peer];
  const ns = new Map<Peer, number[]>(peers.map((p) => [p, []]));
  const share: number[] = [];
  const perMessage = (ms: number) => (ms * 1e6) / stream.messages.length;
  try {
    for (let r = -1; r < rounds; r++) {
      const row = new Map<Peer, number>();
      for (let k = 0; k < peers.length; k++) {
        const peer = peers[(k + Math.max(0, r)) % peers.length] as Peer;
        row.set(peer, perMessage(await peer.deliver(stream.messages, burst)));
      }
      if (r < 0) continue; // warm-up
      for (const [peer, v] of row) ns.get(peer)?.push(v);
      const floor = row.get(wire) ?? Number.NaN;
      share.push(((row.get(bridge) ?? Number.NaN) - floor) / ((row.get(pipecat) ?? 0) - floor));
    }
    const problems: string[] = [];
    const deliveries = rounds + 1;
    const w = wire.counts().received ?? 0;
    if (w !== stream.messages.length * deliveries)
      problems.push(`the wire delivered ${w} of ${stream.messages.length * deliveries} messages`);
    const b = bridge.counts();
    // Every well-formed message reaches the handler (the stream's replays carry no id, as a
    // real bot's do not); every malformed one is reported; nothing else is called.
    const wellFormed = (stream.messages.length - stream.malformed) * deliveries;
    if (b.rtvi !== wellFormed)
      problems.push(`the bridge dispatched ${b.rtvi} of ${wellFormed} well-formed messages`);
    if (b.other !== 0) problems.push(`the bridge called ${b.other} non-RTVI handlers`);
    if (b.protocolError !== stream.malformed * deliveries)
      problems.push(
        `the bridge reported ${b.protocolError} malformed of ${stream.malformed * deliveries}`,
      );
    return {
      rounds,
      wire: stats(ns.get(wire) ?? []),
      bridge: stats(ns.get(bridge) ?? []),
      parley: stats(ns.get(parley) ?? []),
      pipecat: stats(ns.get(pipecat) ?? []),
      bridgeShare: stats(share),
      problems,
    };
  } finally {
    for (const peer of [...peers].reverse()) await peer.dispose();
    releaseLeftovers();
  }
}
