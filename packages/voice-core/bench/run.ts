/**
 * Runs the benchmarks — (a) message throughput and (c) by transcript length, (b) instructions
 * per message, (d) connect latency, (e) the soak, each Parley next to the real Pipecat client
 * on the same mocks, then the React render and size budgets — and prints each one's figures
 * and a summary table. Must be imported after `peerGlobals` (the peers need it).
 */
import { benchBudgets } from './budgets';
import { benchBridgeThroughput } from './bridgeThroughput';
import { benchCallgrind } from './callgrind';
import { benchConnectLatency } from './connectLatency';
import { benchBreakdown } from './costBreakdown';
import { buildConversation } from './conversationStream';
import { benchMessageKinds } from './messageKinds';
import { benchReactApps } from './reactApps';
import { benchPipecatSoak } from './pipecatSoak';
import {
  bridgeRows,
  CONNECT_RUNS,
  callgrindRows,
  connectRows,
  log,
  ok,
  printBreakdown,
  printBridge,
  printBudgets,
  printCallgrind,
  printConnect,
  printKinds,
  printLengths,
  printPeerSoak,
  printSoak,
  printThroughput,
  soakRows,
  table,
  throughputRows,
} from './report';
import { benchThroughput, benchTranscriptLengths } from './sessionThroughput';
import { benchSoak } from './soak';
import { fmt, fmtInt } from './util';

const BRIDGE_MESSAGES = 100_000;
const STREAM_MESSAGES = 100_000;
/** (a): rounds of both peers, interleaved; the shared machines swing ±30 % from round to round. */
const ROUNDS = 9;
/**
 * Messages per task: a burst (what the coalescing is for), and one (daily-js delivers each
 * app-message in its own task, so in a browser this is the common case).
 */
const BURST = 100;
const SINGLE = 1;
const LENGTHS = [10, 200, 2000];
/** (a) by message kind: messages in each kind's stream. */
const KIND_MESSAGES = 50_000;
/** (c) runs each length in a fresh session, one timed delivery each, as many rounds as (a). */
const LENGTH_ROUNDS = ROUNDS;
/**
 * (b): a warm-up long enough for V8's tiers to settle (after 60,000 messages Parley's rarer
 * functions — a turn's close, its metrics — were still being optimised, a compile landing in
 * one block or another; after 150,000 hardly any), then equal blocks in the same process.
 */
const CALLGRIND = {
  stream: STREAM_MESSAGES,
  burst: BURST,
  warm: 150_000,
  block: 10_000,
  blocks: 6,
};
const SOAK_CYCLES = 1000;
const SOAK_WARMUP = 50;

/**
 * `pnpm bench [throughput] [react] [callgrind] [connect] [bridge] [soak] [budgets]`: runs the named
 * benchmarks (default: all).
 */
export async function main(): Promise<number> {
  const started = performance.now();
  const only = new Set(process.argv.slice(2).filter((a) => !a.startsWith('-')));
  const want = (name: string) => only.size === 0 || only.has(name);
  log(
    `@parley/voice-core bench — node ${process.version} ${process.platform}/${process.arch}, ` +
      `global.gc ${typeof globalThis.gc === 'function' ? 'available' : 'MISSING'}, real timers`,
  );
  log();
  const peers = {
    ...(await import('@pipecat-ai/client-js')),
    ...(await import('@pipecat-ai/daily-transport')),
    ...(await import('../src/testing/index')),
  };
  // client-js logs every message at debug level by default; an app in production would not.
  peers.logger.setLevel(peers.LogLevel.WARN);
  const rows: string[][] = [['benchmark', 'figure', 'value', 'target', '']];
  let code = 0;
  if (want('throughput')) {
    const stream = buildConversation(STREAM_MESSAGES);
    log(
      `[throughput] a conversation stream: ${fmtInt(stream.messages.length)} messages, ${stream.turns} turns, ` +
        `${fmtInt(stream.replays)} replays, ${stream.malformed} malformed`,
    );
    const t = await benchThroughput(stream, ROUNDS, BURST);
    printThroughput(t, BURST);
    const single = await benchThroughput(stream, ROUNDS, SINGLE);
    printThroughput(single, SINGLE);
    const lengths = await benchTranscriptLengths(stream, LENGTHS, LENGTH_ROUNDS, BURST);
    printLengths(lengths);
    const breakdown = await benchBreakdown(stream, ROUNDS, BURST);
    printBreakdown(breakdown, BURST);
    const kinds = await benchMessageKinds(KIND_MESSAGES, ROUNDS, BURST);
    printKinds(kinds, KIND_MESSAGES, ROUNDS, BURST);
    rows.push(...throughputRows(t, lengths));
    rows.push([
      '(a) throughput',
      'one message per task: Parley ÷ Pipecat',
      `${fmt(single.ratio.median, 3)}×`,
      '≥ 1.0×',
      ok(single.ratio.median >= 1 && single.problems.length === 0),
    ]);
    rows.push([
      '(a) throughput',
      "Parley's bridge alone ÷ Pipecat (above the wire)",
      `${fmt(breakdown.bridgeShare.median, 2)}×`,
      '',
      '',
    ]);
    if (t.problems.length > 0 || single.problems.length > 0 || breakdown.problems.length > 0)
      code = 1;
    log();
  }
  if (want('react')) {
    log(
      '[react] the live transcript in React: Parley and Pipecat client-react, each its own hooks…',
    );
    const apps = await benchReactApps();
    for (const line of apps.lines) log(`  ${line}`);
    for (const { label, ratio } of apps.ratios)
      rows.push([
        '(a) in React',
        `Parley ÷ Pipecat client-react, ${label}`,
        `${fmt(ratio, 2)}×`,
        '',
        '',
      ]);
    if (!apps.ok) {
      rows.push(['(a) in React', 'both apps showed the conversation', 'no', 'yes', 'MISSED']);
      code = 1;
    }
    log();
  }
  if (want('connect')) {
    log(`[connect] connect latency, ${CONNECT_RUNS} sessions each (interleaved)…`);
    const connect = await benchConnectLatency(peers, CONNECT_RUNS);
    printConnect(connect);
    rows.push(...connectRows(connect));
    log();
  }
  if (want('bridge')) {
    log(
      `[bridge] context: the RTVI bridge alone, no-op handlers, ${fmtInt(BRIDGE_MESSAGES)} app-messages…`,
    );
    const bridge = await benchBridgeThroughput(BRIDGE_MESSAGES);
    printBridge(bridge);
    rows.push(...bridgeRows(bridge));
    if (bridge.mismatches.length > 0) code = 1;
    log();
  }
  if (want('soak')) {
    log(`[soak] (e) ${SOAK_CYCLES} start/stop cycles on zero-latency mocks, Parley then Pipecat…`);
    const soak = await benchSoak(SOAK_CYCLES, SOAK_WARMUP);
    printSoak(soak);
    const peerSoak = await benchPipecatSoak(peers, SOAK_CYCLES, SOAK_WARMUP);
    printPeerSoak(peerSoak, soak);
    rows.push(...soakRows(soak));
    rows.push([
      '(e) soak',
      'CPU per cycle, Parley / Pipecat',
      `${fmt(soak.cpuMs / soak.cycles, 2)} / ${fmt(peerSoak.cpuMs / peerSoak.cycles, 2)} ms`,
      '',
      '',
    ]);
    log();
  }
  // After the timed benchmarks: the four valgrind runs load both cores and would skew them.
  if (want('callgrind')) {
    log('[callgrind] two valgrind runs, one per peer, side by side…');
    const c = await benchCallgrind(CALLGRIND);
    printCallgrind(c);
    rows.push(...callgrindRows(c));
    log();
  }
  if (want('budgets')) {
    log('[budgets] the 60 Hz render budget and the size budget (@parley/voice-react)…');
    const budgets = await benchBudgets();
    printBudgets(budgets);
    for (const b of budgets) rows.push(['budgets', b.name, b.ok ? 'within' : 'over', '', ok(b.ok)]);
    log();
  }
  table(rows);
  log();
  log(
    `done in ${fmt((performance.now() - started) / 1000, 1)} s — ` +
      (code === 0
        ? 'exit 0 (timing figures are informational; "MISSED" marks a target not met in this run)'
        : 'exit 1: a correctness check failed (see the "!" lines)'),
  );
  return code;
}
