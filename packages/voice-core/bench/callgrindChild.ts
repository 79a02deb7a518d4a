/**
 * Run under `valgrind --tool=callgrind` by `callgrind.ts`: connects one peer, warms it with
 * the stream's first `warm` messages, then (when `measure` > 0) delivers `measure` more. The
 * parent runs it twice per peer and divides the difference in instructions by `measure`, so
 * start-up, connect and warm-up cancel out.
 *
 * Usage: callgrindChild.ts <parley|pipecat> <warm> <measure>
 */
import './peerGlobals';

const [peerName, warm, measure] = process.argv.slice(2);
const { buildConversation } = await import('./conversationStream');
const { parleyPeer, pipecatPeer } = await import('./sessionThroughput');
const w = Number(warm);
const m = Number(measure);
const stream = buildConversation(w + m);
const peer = peerName === 'parley' ? await parleyPeer(200, 200, true) : await pipecatPeer();
await peer.deliver(stream.messages.slice(0, w), 1000);
if (m > 0) await peer.deliver(stream.messages.slice(w), 1000);
process.exit(0);
