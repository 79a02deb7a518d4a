/**
 * Run under `valgrind --tool=callgrind` by `callgrind.ts`, one process per peer: connects the
 * peer as (a) does, delivers `warm` messages of (a)'s conversation stream (its first `block`
 * messages, over and over), then `blocks` blocks of those same `block` messages.
 *
 * Before and after each block it writes `mark` on stdout and waits for a line on stdin: the
 * parent dumps callgrind's counters at each mark (`callgrind_control -d`), so every dump after
 * the first holds exactly one block's instructions — start-up, connect and warm-up fall in
 * the first, and nothing depends on a second process behaving
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

const { messages } = buildConversation(length);
const peer = peerName === 'parley' ? await parleyPeer(200, 200, true) : await pipecatPeer();
// Every block is the same stretch of the stream (it carries no ids, so a repeat is not a
// replay): blocks then differ only by what the engine does — JIT, GC — not by content.
const stretch = messages.slice(0, blockArg);
/** `n` messages, the stretch over and over, as (a) delivers them: in bursts of `burst`. */
async function deliver(n: number): Promise<void> {
  for (let left = n; left > 0; left -= stretch.length)
    await peer.deliver(left >= stretch.length ? stretch : stretch.slice(0, left), burstArg);
}

const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
async function mark(): Promise<void> {
  process.stdout.write('mark\n');
  const next = await lines.next();
  if (next.done) throw new Error('callgrindChild: the parent closed stdin');
}

await deliver(warmArg);
await mark();
for (let i = 0; i < blocksArg; i++) {
  await deliver(blockArg);
  await mark();
}
process.exit(0);
