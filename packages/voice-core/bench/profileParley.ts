/**
 * For profiling only (`node --cpu-prof`): Parley's peer alone, the throughput stream delivered
 * `rounds` times in bursts of 100, printing msg/s per round.
 *
 * Usage: node --conditions=@parley/source --import tsx bench/profileParley.ts [rounds] [parley|pipecat]
 */
import './peerGlobals';

const rounds = Number(process.argv[2] ?? 5);
const which = process.argv[3] ?? 'parley';
const { buildConversation } = await import('./conversationStream');
const { parleyPeer, pipecatPeer } = await import('./sessionThroughput');
const { logger, LogLevel } = await import('@pipecat-ai/client-js');
logger.setLevel(LogLevel.WARN);
const stream = buildConversation(100_000);
const peer = which === 'parley' ? await parleyPeer(200, 200) : await pipecatPeer();
for (let r = 0; r < rounds; r++) {
  const cpu0 = process.cpuUsage();
  const ms = await peer.deliver(stream.messages, 100);
  const cpu = process.cpuUsage(cpu0);
  const us = (cpu.user + cpu.system) / stream.messages.length;
  console.log(
    `${peer.name} round ${r}: ${Math.round((stream.messages.length / ms) * 1000)} msg/s, CPU ${us.toFixed(3)} µs/msg`,
  );
}
await peer.dispose();
process.exit(0);
