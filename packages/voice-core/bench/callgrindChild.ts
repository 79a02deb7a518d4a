/**
 * Run under `valgrind --tool=callgrind` by `callgrind.ts`, one process per peer: connects the
 * peer as (a) does, delivers `warm` messages of (a)'s conversation stream (its first `block`
 * messages, over and over), then `blocks` blocks of those same `block` messages.
 *
 * Before and after each block it writes `mark` on stdout and waits for a line on stdin: the
 * parent dumps callgrind's counters at each mark (`callgrind_control -d`). The first dump
 * holds start-up, connect and warm-up; then they alternate: a block's instructions, then a
 * forced full collection's (so each block starts on the same clean heap, and a major GC the
 * previous block left behind does not land in the next), and nothing depends on a second
 * process behaving
 * like the first (JIT tiering, GC timing and concurrent compilation differ from run to run).
 *
 * Usage: callgrindChild.ts <parley|pipecat> <streamLength> <burst> <warm> <block> <blocks>
 */
import { createInterface } from 'node:readline';
import './peerGlobals';

const [peerName, length, burstArg, warmArg, blockArg, blocksArg] = process.argv
  .slice(2)
  .map((a, i) => (i === 0 ? a : Number(a))) as [string, number, number, number, number, number];
const { buildConversation } = await import('./conversationStream');
const { parleyPeer, pipecatPeer } = await import('./sessionThroughput');
const { logger, LogLevel } = await import('@pipecat-ai/client-js');
// As in (a): client-js logs every message at debug level by default.
logger.setLevel(LogLevel.WARN);

// Only the stretch the blocks repeat is built (the same messages as the start of (a)'s
// `length`-message stream): a smaller heap, so less for a collection to walk.
const { messages } = buildConversation(Math.min(length, blockArg));
const peer = peerName === 'parley' ? await parleyPeer(200, 200, true) : await pipecatPeer();
// Every block is the same stretch of the stream (it carries no ids, so a repeat is not a
// replay): blocks then differ only by what the engine does — JIT, GC — not by content.
const stretch = messages.slice(0, blockArg);
/** `n` messages, the stretch over and over, as (a) delivers them: in bursts of `burst`. */
async function deliver(n: number): Promise<void> {
  for (let left = n; left > 0; left -= stretch.length)
    await peer.deliver(
      left >= stretch.length ? stretch : stretch.slice(0, left),
      burstArg,
      // Under valgrind everything runs ~50× slower, so the rooms' level timers would fire
      // ~50× as often per message, in whichever block: bursts here yield to microtasks only.
      'microtasks',
    );
}

const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
async function mark(): Promise<void> {
  process.stdout.write('mark\n');
  const next = await lines.next();
  if (next.done) throw new Error('callgrindChild: the parent closed stdin');
}

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('callgrindChild: run it with --expose-gc');
await deliver(warmArg);
for (let i = 0; i < blocksArg; i++) {
  // Each block starts on a collected heap; the collection falls between two marks of its own.
  gc();
  await mark();
  await deliver(blockArg);
  await mark();
}
process.exit(0);
