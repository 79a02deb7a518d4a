/**
 * Benchmark 2: RTVI bridge throughput. 100 000 bot → client app-messages go through a joined
 * `MockDailyCall` (the room's wire path, `room.sendToClient`, as the mock bot uses) into
 * `attachEventBridge` with no-op handlers that only count. Compared with:
 *   - dispatch only: the same wire path into one plain `app-message` listener (mock cost);
 *   - JSON clone only: `JSON.parse(JSON.stringify(m))` per message (what a wire decode costs).
 * The counts are a correctness check, not timing: a mismatch fails the run.
 */
import { BoundedIdSet } from '../src/util/boundedIdSet';
import { attachEventBridge, type BridgeHandlers } from '../src/runtime/rtvi/eventBridge';
import { createMockRoom, type MockDailyCall, type MockRoom } from '../src/testing/index';
import { buildMix, type Mix } from './rtviMix';
import { type Stats, stats } from './util';

const ROUNDS = 5;
/** The dedupe window the session uses (`new BoundedIdSet(2000)` in voiceSession.ts). */
export const SEEN_CAPACITY = 2000;
const FROM = 'bot-bench-1';

interface Counts {
  rtvi: number;
  protocolError: number;
  handlerError: number;
  other: number;
  byType: Map<string, number>;
}

export interface BridgeResult {
  messages: number;
  injected: { valid: number; duplicate: number; malformed: number };
  observed: { valid: number; duplicate: number; malformed: number; handlerErrors: number };
  mismatches: string[];
  bridgeRate: Stats;
  dispatchRate: Stats;
  cloneRate: Stats;
}

/** Bridge handlers that only count what they are given. */
export function countingHandlers(): { handlers: BridgeHandlers; counts: Counts } {
  const counts: Counts = {
    rtvi: 0,
    protocolError: 0,
    handlerError: 0,
    other: 0,
    byType: new Map(),
  };
  const other = () => {
    counts.other += 1;
  };
  const handlers: BridgeHandlers = {
    joined: other,
    participantJoined: other,
    participantUpdated: other,
    participantLeft: other,
    trackStarted: other,
    localLevel: other,
    remoteLevels: other,
    network: other,
    fatal: other,
    leftMeeting: other,
    rtvi: (message) => {
      counts.rtvi += 1;
      counts.byType.set(message.type, (counts.byType.get(message.type) ?? 0) + 1);
    },
    protocolError: () => {
      counts.protocolError += 1;
    },
    handlerError: () => {
      counts.handlerError += 1;
    },
  };
  return { handlers, counts };
}

/** One pass through the bridge; returns messages/s and the counts. */
function bridgeRound(
  room: MockRoom,
  call: MockDailyCall,
  mix: Mix,
): { rate: number; counts: Counts } {
  const { handlers, counts } = countingHandlers();
  const detach = attachEventBridge(call, handlers, new BoundedIdSet(SEEN_CAPACITY));
  const { messages } = mix;
  const t0 = performance.now();
  for (let i = 0; i < messages.length; i++) room.sendToClient(messages[i]?.data, FROM);
  const ms = performance.now() - t0;
  detach();
  return { rate: (messages.length / ms) * 1000, counts };
}

function dispatchRound(room: MockRoom, call: MockDailyCall, mix: Mix): number {
  let n = 0;
  const listener = () => {
    n += 1;
  };
  call.on('app-message', listener);
  const { messages } = mix;
  const t0 = performance.now();
  for (let i = 0; i < messages.length; i++) room.sendToClient(messages[i]?.data, FROM);
  const ms = performance.now() - t0;
  call.off('app-message', listener);
  if (n !== messages.length) throw new Error(`dispatch delivered ${n}/${messages.length}`);
  return (messages.length / ms) * 1000;
}

let sink = 0;
function cloneRound(mix: Mix): number {
  const { messages } = mix;
  let acc = 0;
  const t0 = performance.now();
  for (let i = 0; i < messages.length; i++) {
    const copy: unknown = JSON.parse(JSON.stringify(messages[i]?.data));
    if (typeof copy === 'object' && copy !== null) acc += 1;
  }
  const ms = performance.now() - t0;
  sink += acc;
  return (messages.length / ms) * 1000;
}

function check(mix: Mix, counts: Counts, round: string): string[] {
  const problems: string[] = [];
  const duplicatesDropped = mix.messages.length - counts.rtvi - counts.protocolError;
  if (counts.rtvi !== mix.valid)
    problems.push(`${round}: valid ${counts.rtvi} ≠ injected ${mix.valid}`);
  if (counts.protocolError !== mix.malformed)
    problems.push(`${round}: malformed ${counts.protocolError} ≠ injected ${mix.malformed}`);
  if (duplicatesDropped !== mix.duplicate)
    problems.push(`${round}: dropped ${duplicatesDropped} ≠ injected duplicates ${mix.duplicate}`);
  if (counts.handlerError !== 0) problems.push(`${round}: ${counts.handlerError} handler errors`);
  if (counts.other !== 0) problems.push(`${round}: ${counts.other} non-RTVI handler calls`);
  for (const [type, n] of mix.byType) {
    const got = counts.byType.get(type) ?? 0;
    if (got !== n) problems.push(`${round}: ${type} delivered ${got} ≠ injected ${n}`);
  }
  for (const type of counts.byType.keys())
    if (!mix.byType.has(type)) problems.push(`${round}: unexpected type ${type} delivered`);
  return problems;
}

export async function benchBridgeThroughput(count = 100_000): Promise<BridgeResult> {
  const mix = buildMix(count);
  const room = createMockRoom({ joinLatencyMs: 0, bot: { script: [] } });
  const call = (await room.callFactory({})) as MockDailyCall;
  const mismatches: string[] = [];
  const bridge: number[] = [];
  const dispatch: number[] = [];
  const clone: number[] = [];
  let last: Counts | null = null;
  try {
    await call.join({ url: room.url, token: 'bench' });
    // Warm-up round (JIT), checked but not timed.
    const warm = bridgeRound(room, call, mix);
    mismatches.push(...check(mix, warm.counts, 'warm-up'));
    dispatchRound(room, call, mix);
    cloneRound(mix);
    for (let r = 0; r < ROUNDS; r++) {
      const b = bridgeRound(room, call, mix);
      mismatches.push(...check(mix, b.counts, `round ${r + 1}`));
      bridge.push(b.rate);
      last = b.counts;
      dispatch.push(dispatchRound(room, call, mix));
      clone.push(cloneRound(mix));
    }
  } finally {
    await call.leave().catch(() => {});
    await call.destroy();
    room.dispose();
  }
  if (sink < 0) console.log(sink); // keeps the clone loop's result alive
  const observed = last ?? { rtvi: 0, protocolError: 0, handlerError: 0 };
  return {
    messages: mix.messages.length,
    injected: { valid: mix.valid, duplicate: mix.duplicate, malformed: mix.malformed },
    observed: {
      valid: observed.rtvi,
      duplicate: mix.messages.length - observed.rtvi - observed.protocolError,
      malformed: observed.protocolError,
      handlerErrors: observed.handlerError,
    },
    mismatches,
    bridgeRate: stats(bridge),
    dispatchRate: stats(dispatch),
    cloneRate: stats(clone),
  };
}
