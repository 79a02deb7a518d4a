/**
 * Runs the benchmarks — (a) message throughput and (c) by transcript length, (b) instructions
 * per message, (d) connect latency, (e) the soak, each Parley next to the real Pipecat client
 * on the same mocks, then the React render and size budgets — and prints each one's figures
 * and a summary table. Must be imported after `peerGlobals` (the peers need it).
 */
import { benchBudgets, type BudgetResult } from './budgets';
import { type BridgeResult, benchBridgeThroughput } from './bridgeThroughput';
import { benchCallgrind, type CallgrindResult } from './callgrind';
import { benchConnectLatency, CONNECT_TARGET_MS, type ConnectResult } from './connectLatency';
import { buildConversation } from './conversationStream';
import { benchPipecatSoak, type PeerSoakResult } from './pipecatSoak';
import {
  benchThroughput,
  benchTranscriptLengths,
  type LengthResult,
  type ThroughputResult,
} from './sessionThroughput';
import { benchSoak, type SoakResult } from './soak';
import { fmt, fmtInt, type Stats, stats } from './util';

const CONNECT_RUNS = 7;
const BRIDGE_MESSAGES = 100_000;
const STREAM_MESSAGES = 100_000;
const ROUNDS = 5;
/**
 * Messages per task: a burst (what the coalescing is for), and one (daily-js delivers each
 * app-message in its own task, so in a browser this is the common case).
 */
const BURST = 100;
const SINGLE = 1;
const LENGTHS = [10, 200, 2000];
/**
 * (b): a warm-up long enough for V8's tiers to settle (after 5,000 messages the counts still
 * drifted 3× down as code got optimised), then equal blocks in the same process; the block
 * median stays put from run to run where a difference of two processes did not.
 */
const CALLGRIND = { stream: STREAM_MESSAGES, burst: BURST, warm: 60_000, block: 2000, blocks: 12 };
const SOAK_CYCLES = 1000;
const SOAK_WARMUP = 50;
const HEAP_TARGET_MB = 1;

const log = (line = ''): void => {
  console.log(line);
};
const range = (s: Stats, unit = ' ms', digits = 0): string =>
  `median ${fmt(s.median, digits)}${unit} (min ${fmt(s.min, digits)}, max ${fmt(s.max, digits)})`;
const rate = (s: Stats): string =>
  `${fmtInt(s.median)} msg/s (min ${fmtInt(s.min)}, max ${fmtInt(s.max)})`;

const ratioRange = (s: Stats, digits = 3): string =>
  `median ${fmt(s.median, digits)}× (min ${fmt(s.min, digits)}×, max ${fmt(s.max, digits)}×)`;

function printThroughput(r: ThroughputResult, burst: number): void {
  log(
    `(a) whole-session throughput, ${fmtInt(r.messages)} app-messages in bursts of ${burst} per task, ` +
      `${r.rounds} rounds interleaved (+1 warm-up each)`,
  );
  log(`  Parley VoiceSession (every message validated): ${rate(r.parley)}`);
  log(`  PipecatClient + DailyTransport:                ${rate(r.pipecat)}`);
  log(`  Parley ÷ Pipecat, round by round:              ${ratioRange(r.ratio)}`);
  log(`  Parley saw: ${JSON.stringify(r.parleyCounts)}`);
  log(`  Pipecat callbacks: ${JSON.stringify(r.pipecatCounts)}`);
  for (const p of r.problems) log(`  ! ${p}`);
}

function printLengths(r: LengthResult): void {
  log(`(c) Parley throughput by transcript length (maxTranscriptEntries = length, prefilled)`);
  r.lengths.forEach((length, i) => {
    const s = r.rates[i];
    const rel = r.relative[i];
    if (!s || !rel) return;
    log(
      `  ${String(length).padStart(5)} entries (held ${r.entries[i]}): ${rate(s)}  ` +
        `÷ ${r.lengths[0]}-entry: ${ratioRange(rel)}`,
    );
  });
}

function printCallgrind(r: CallgrindResult): void {
  if (!r.available) {
    log('(b) instructions per message: valgrind not found, skipped');
    return;
  }
  const { parley, pipecat } = r.perMessage;
  const { warm, block, blocks, burst } = r.plan;
  log(
    // A block that holds a major GC comes out ~+12k/message (both peers): the cheapest block
    // is the GC-free steady state and repeats within a few %; the mean counts GC in.
    `(b) instructions per message (callgrind, one process per peer; the first ${fmtInt(block)} messages ` +
      `of (a)'s stream over and over, in bursts of ${burst}: ${fmtInt(warm)} to warm up, then ` +
      `${blocks} blocks, counters dumped between blocks)`,
  );
  const row = (blocks: number[] | null) => {
    if (blocks === null) return 'failed';
    const s = stats(blocks);
    const near = blocks.filter((b) => Math.abs(b / s.median - 1) <= 0.05).length;
    return (
      `cheapest ${fmtInt(s.min)}, median ${fmtInt(s.median)}, mean ${fmtInt(s.mean)} (${near} of ${s.n} blocks within 5 % ` +
      `of the median; blocks in k: ${blocks.map((b) => fmt(b / 1000, 1)).join(' ')})`
    );
  };
  log(`  Parley:  ${row(parley)}`);
  log(`  Pipecat: ${row(pipecat)}`);
  if (parley !== null && pipecat !== null) {
    const [p, q] = [stats(parley), stats(pipecat)];
    log(
      `  Parley ÷ Pipecat: cheapest ${fmt(p.min / q.min, 3)}×, medians ${fmt(p.median / q.median, 3)}×, ` +
        `means ${fmt(p.mean / q.mean, 3)}×`,
    );
  }
  for (const f of r.failures) log(`  ! ${f}`);
}

function printPeerSoak(r: PeerSoakResult, parley: SoakResult): void {
  log(
    `  PipecatClient: ${r.cycles} connect/disconnect cycles in ${fmt(r.ms / 1000, 2)} s → ` +
      `${fmt(r.ms / r.cycles, 2)} ms/cycle, CPU ${fmt(r.cpuMs / r.cycles, 2)} ms/cycle` +
      (r.failedCycles > 0 ? `, ${r.failedCycles} failed` : ''),
  );
  log(
    `  CPU per cycle: Parley ${fmt(parley.cpuMs / parley.cycles, 2)} ms, Pipecat ` +
      `${fmt(r.cpuMs / r.cycles, 2)} ms → Parley ÷ Pipecat ${fmt(parley.cpuMs / parley.cycles / (r.cpuMs / r.cycles), 2)}×`,
  );
}

function printBudgets(results: BudgetResult[]): void {
  for (const b of results) {
    log(`  ${b.name}: ${b.ok ? 'ok' : 'FAILED'}`);
    for (const l of b.lines) log(`    ${l}`);
  }
}

function printConnect(r: ConnectResult): void {
  const o = r.overlappedTimeline;
  const s = r.serialWall;
  log(
    `(d) connect latency: Parley start() → active median ${fmt(r.overlappedWall.median)} ms | ` +
      `PipecatClient.startBotAndConnect → ready median ${fmt(r.pipecatWall.median)} ms | ` +
      `target ≤ ${CONNECT_TARGET_MS} ms`,
  );
  log(`  Parley ÷ Pipecat (wall), run by run: ${ratioRange(r.ratio)}`);
  log(
    `  Pipecat,    wall startBotAndConnect → ready: ${range(r.pipecatWall, ' ms', 1)}  [n=${r.pipecatWall.n}]`,
  );
  log(`  overlapped, snapshot.timeline.connectMs: ${range(o)}  [n=${o.n}]`);
  log(`  overlapped, wall start() → 'active':      ${range(r.overlappedWall, ' ms', 1)}`);
  log(`  overlapped, wall start() resolved:        ${range(r.startResolvedWall, ' ms', 1)}`);
  log(
    `  context only — a serial client (answer, join, then launch the bot): ${range(s, ' ms', 1)}  [n=${s.n}]`,
  );
  log(
    `  mocks: backend ${100} ms, Daily join ${300} ms, bot joins ${200} ms / ready ${800} ms after launch`,
  );
  for (const f of r.failures) log(`  ! ${f}`);
  for (const l of r.leftovers) log(`  ! leftover: ${l}`);
}

function printBridge(r: BridgeResult): void {
  log(`RTVI bridge: ${rate(r.bridgeRate)} over ${fmtInt(r.messages)} app-messages, 5 rounds`);
  log(`  dispatch only (mock wire + emitter, no bridge): ${rate(r.dispatchRate)}`);
  log(`  JSON clone only (parse(stringify(m))):          ${rate(r.cloneRate)}`);
  log(
    `  ratios (medians): bridge cost = ${fmt(r.cloneRate.median / r.bridgeRate.median, 2)}× a JSON clone, ` +
      `${fmt(r.dispatchRate.median / r.bridgeRate.median, 2)}× bare dispatch; ` +
      `${fmt(1e6 / r.bridgeRate.median, 2)} µs/msg`,
  );
  const { injected: i, observed: o } = r;
  log(
    `  injected: valid ${fmtInt(i.valid)}, duplicate ${fmtInt(i.duplicate)}, malformed ${fmtInt(i.malformed)}`,
  );
  log(
    `  observed: valid ${fmtInt(o.valid)}, duplicate ${fmtInt(o.duplicate)}, malformed ${fmtInt(o.malformed)}, ` +
      `handler errors ${o.handlerErrors} → ${r.mismatches.length === 0 ? 'counts match (all rounds)' : 'MISMATCH'}`,
  );
  for (const m of r.mismatches.slice(0, 10)) log(`  ! ${m}`);
}

function printSoak(r: SoakResult): void {
  const d0 = r.diagnosticsBefore;
  const d1 = r.diagnosticsAfter;
  const d2 = r.diagnosticsAfterDestroy;
  log(
    `soak: ${r.cycles} start/stop cycles (after ${r.warmup} warm-up) in ${fmt(r.ms / 1000, 2)} s → ` +
      `${fmt(r.cyclesPerSec, 1)} cycles/s, ${fmt(r.ms / r.cycles, 2)} ms/cycle, CPU ${fmt(r.cpuMs / r.cycles, 2)} ms/cycle`,
  );
  log(
    `  heap (after forced GC${r.gcAvailable ? '' : ' — UNAVAILABLE, numbers are noise'}): ` +
      `${fmt(r.heapBeforeMB, 2)} → ${fmt(r.heapAfterMB, 2)} MB = ${r.heapGrowthMB >= 0 ? '+' : ''}${fmt(r.heapGrowthMB, 3)} MB ` +
      `(${fmt((r.heapGrowthMB * 1024 * 1024) / r.cycles, 0)} B/cycle; target +<${HEAP_TARGET_MB} MB)`,
  );
  const samples = r.heapSamples.filter((_, i) => i % 4 === 0 || i === r.heapSamples.length - 1);
  log(
    `  heap trend (MB after GC, by cycle): ${samples.map(([c, mb]) => `${c}:${fmt(mb, 2)}`).join(' ')}`,
  );
  log(
    `  heap slope over cycles ${r.cycles / 2}–${r.cycles}: ${fmt(r.lateSlopeBytesPerCycle, 0)} B/cycle ` +
      `(≈ ${fmt((r.lateSlopeBytesPerCycle * 1000) / (1024 * 1024), 2)} MB per 1000 cycles if it is a leak)`,
  );
  log(
    `  live MockDailyCall: ${r.liveCallsAfterStop} after the last stop, ${r.liveCallsAfterDestroy} after destroy ` +
      `(target 0; ${r.callsCreated} created)`,
  );
  log(
    `  session.diagnostics(): before ${JSON.stringify(d0)}\n` +
      `                         after  ${JSON.stringify(d1)}\n` +
      `                         destroyed ${JSON.stringify(d2)}\n` +
      `    (eventHandlers includes the bench's own ${r.benchHandlers} voice.error handler)`,
  );
  log(
    `  last call listenerCount(): ${r.lastCallListeners}; listeners still attached when the engine ` +
      `destroyed a call: max ${r.listenersAtDestroy.max}, total ${r.listenersAtDestroy.total} over ` +
      `${r.listenersAtDestroy.calls} destroys`,
  );
  log(
    `  timers: ${fmtInt(r.timersCreated)} created; live after warm-up ${r.liveTimersWarm}, ` +
      `after the last stop + 100 ms ${r.liveTimersAfterStop}, after destroy ${r.liveTimersAfterDestroy} (target 0)`,
  );
  for (const { site, count } of r.timerSites.slice(0, 8)) log(`    ${count}× ${site}`);
  if (r.timerSitesAfterDestroy.length > 0) {
    log('    still live after destroy:');
    for (const { site, count } of r.timerSitesAfterDestroy.slice(0, 8))
      log(`    ${count}× ${site}`);
  }
  if (r.failedCycles > 0) log(`  ! ${r.failedCycles} cycle(s) did not reach active`);
  for (const f of r.failures) log(`  ! ${f}`);
  if (r.errorCodes.size > 0)
    log(`  voice.error codes during the soak: ${JSON.stringify(Object.fromEntries(r.errorCodes))}`);
  for (const l of r.leftoverLines) log(`  ! mock leftover: ${l}`);
  log(`  active Node resources at the end: ${JSON.stringify(r.activeResources)}`);
}

function table(rows: string[][]): void {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  const line = (r: string[]) =>
    `| ${r.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join(' | ')} |`;
  const [head, ...body] = rows;
  if (!head) return;
  log(line(head));
  log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of body) log(line(r));
}

const ok = (good: boolean): string => (good ? 'ok' : 'MISSED');

function connectRows(connect: ConnectResult): string[][] {
  const o = connect.overlappedTimeline;
  return [
    [
      '(d) connect',
      'Parley connectMs, median',
      `${fmt(o.median)} ms (${fmt(o.min)}–${fmt(o.max)})`,
      `≤ ${CONNECT_TARGET_MS} ms`,
      ok(o.n === CONNECT_RUNS && o.max <= CONNECT_TARGET_MS),
    ],
    [
      '(d) connect',
      'Pipecat startBotAndConnect, median',
      `${fmt(connect.pipecatWall.median)} ms`,
      '',
      '',
    ],
    ['(d) connect', 'Parley ÷ Pipecat wall, median', `${fmt(connect.ratio.median, 3)}×`, '', ''],
  ];
}

function throughputRows(t: ThroughputResult, lengths: LengthResult | null): string[][] {
  const rows = [
    ['(a) throughput', 'Parley, median', `${fmtInt(t.parley.median)} msg/s`, '', ''],
    ['(a) throughput', 'Pipecat, median', `${fmtInt(t.pipecat.median)} msg/s`, '', ''],
    [
      '(a) throughput',
      'Parley ÷ Pipecat, median',
      `${fmt(t.ratio.median, 3)}×`,
      '≥ 1.0×',
      ok(t.ratio.median >= 1 && t.problems.length === 0),
    ],
  ];
  const last = lengths?.relative.at(-1);
  if (lengths && last)
    rows.push([
      '(c) by length',
      `${lengths.lengths.at(-1)} ÷ ${lengths.lengths[0]} entries, median`,
      `${fmt(last.median, 3)}×`,
      '≥ 0.9×',
      ok(last.median >= 0.9),
    ]);
  return rows;
}

function callgrindRows(c: CallgrindResult): string[][] {
  if (!c.available || c.perMessage.parley === null || c.perMessage.pipecat === null) return [];
  const parley = stats(c.perMessage.parley);
  const pipecat = stats(c.perMessage.pipecat);
  return [
    [
      '(b) instructions',
      'per message (cheapest block), Parley / Pipecat',
      `${fmtInt(parley.min)} / ${fmtInt(pipecat.min)} (${fmt(parley.min / pipecat.min, 2)}×)`,
      '',
      '',
    ],
  ];
}

function bridgeRows(bridge: BridgeResult): string[][] {
  const slower = (s: Stats) => fmt(s.median / bridge.bridgeRate.median, 2);
  return [
    ['bridge', 'throughput, median', `${fmtInt(bridge.bridgeRate.median)} msg/s`, '', ''],
    [
      'bridge',
      'cost vs JSON clone / bare dispatch',
      `${slower(bridge.cloneRate)}× / ${slower(bridge.dispatchRate)}×`,
      '',
      '',
    ],
    [
      'bridge',
      'valid / dup / malformed',
      `${bridge.observed.valid} / ${bridge.observed.duplicate} / ${bridge.observed.malformed}`,
      '= injected',
      ok(bridge.mismatches.length === 0),
    ],
  ];
}

function soakRows(soak: SoakResult): string[][] {
  const d = soak.diagnosticsAfter;
  const sessionListeners = d.listeners + d.eventHandlers + d.levelListeners - soak.benchHandlers;
  return [
    ['soak', 'cycles/s', fmt(soak.cyclesPerSec, 1), '', ''],
    [
      'soak',
      'heap growth (late slope)',
      `${soak.heapGrowthMB >= 0 ? '+' : ''}${fmt(soak.heapGrowthMB, 3)} MB (${fmt(soak.lateSlopeBytesPerCycle, 0)} B/cycle)`,
      `< +${HEAP_TARGET_MB} MB`,
      ok(soak.gcAvailable && soak.heapGrowthMB < HEAP_TARGET_MB),
    ],
    [
      'soak',
      'live calls / live timers',
      `${soak.liveCallsAfterStop} / ${soak.liveTimersAfterStop}`,
      '0 / 0',
      ok(soak.liveCallsAfterStop === 0 && soak.liveTimersAfterStop === 0),
    ],
    [
      'soak',
      'listeners (session / last call)',
      `${sessionListeners} / ${soak.lastCallListeners}`,
      '0 / 0',
      ok(sessionListeners === 0 && soak.lastCallListeners === 0),
    ],
    ['soak', 'failed cycles', String(soak.failedCycles), '0', ok(soak.failedCycles === 0)],
  ];
}

/**
 * `pnpm bench [throughput] [callgrind] [connect] [bridge] [soak] [budgets]`: runs the named
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
    const lengths = await benchTranscriptLengths(stream, LENGTHS, ROUNDS, BURST);
    printLengths(lengths);
    rows.push(...throughputRows(t, lengths));
    rows.push([
      '(a) throughput',
      'one message per task: Parley ÷ Pipecat',
      `${fmt(single.ratio.median, 3)}×`,
      '≥ 1.0×',
      ok(single.ratio.median >= 1 && single.problems.length === 0),
    ]);
    if (t.problems.length > 0 || single.problems.length > 0) code = 1;
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
