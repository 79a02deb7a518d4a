/**
 * How `pnpm bench` prints: each benchmark's figures as they come, then one summary table with
 * each target and whether this run met it.
 */
import type { BudgetResult } from './budgets';
import type { BridgeResult } from './bridgeThroughput';
import type { CallgrindResult } from './callgrind';
import type { BreakdownResult } from './costBreakdown';
import { CONNECT_TARGET_MS, type ConnectResult } from './connectLatency';
import type { PeerSoakResult } from './pipecatSoak';
import type { KindResult } from './messageKinds';
import type { LengthResult, ThroughputResult } from './sessionThroughput';
import type { SoakResult } from './soak';
import { fmt, fmtInt, type Stats, stats } from './util';

/** Sessions per peer in (d): a run that completes fewer is a failure, not a faster run. */
export const CONNECT_RUNS = 7;
/** The soak's heap growth target, MB. */
export const HEAP_TARGET_MB = 1;

export const log = (line = ''): void => {
  console.log(line);
};
const range = (s: Stats, unit = ' ms', digits = 0): string =>
  `median ${fmt(s.median, digits)}${unit} (min ${fmt(s.min, digits)}, max ${fmt(s.max, digits)})`;
const rate = (s: Stats): string =>
  `${fmtInt(s.median)} msg/s (min ${fmtInt(s.min)}, max ${fmtInt(s.max)})`;

const ratioRange = (s: Stats, digits = 3): string =>
  `median ${fmt(s.median, digits)}× (min ${fmt(s.min, digits)}×, max ${fmt(s.max, digits)}×)`;

export function printThroughput(r: ThroughputResult, burst: number): void {
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

export function printKinds(
  results: KindResult[],
  messages: number,
  rounds: number,
  burst: number,
): void {
  log(
    `(a) by message kind (context): ${fmtInt(messages)} messages of one kind, in bursts of ${burst}, ` +
      `${rounds} rounds interleaved (+1 warm-up); share = of (a)'s stream`,
  );
  for (const k of results)
    log(
      `  ${k.kind.padEnd(22)} ${k.share.padStart(4)}  Parley ${fmt(k.parley.median, 0).padStart(5)} ns/msg, ` +
        `Pipecat ${fmt(k.pipecat.median, 0).padStart(4)} ns/msg  →  Parley ÷ Pipecat ${ratioRange(k.ratio, 2)}`,
    );
}

export function printBreakdown(r: BreakdownResult, burst: number): void {
  const wire = r.wire.median;
  const above = (s: Stats) => `${fmt(s.median - wire, 0).padStart(4)} ns above the wire`;
  const whole = (s: Stats) =>
    `(${fmt(s.median, 0)} ns/msg whole, min ${fmt(s.min, 0)}, max ${fmt(s.max, 0)})`;
  log(
    `(a) where a message's time goes: the same stream in bursts of ${burst}, four receivers, ` +
      `${r.rounds} rounds interleaved (+1 warm-up); medians`,
  );
  log(`  the wire (room → call object → one bare listener): ${fmt(wire, 0).padStart(4)} ns/msg`);
  log(
    `  Pipecat, the whole client:                         ${above(r.pipecat)} ${whole(r.pipecat)}`,
  );
  log(
    `  Parley, the bridge alone (check, dedupe, dispatch): ${above(r.bridge)} ${whole(r.bridge)}`,
  );
  log(
    `  Parley, the whole session:                          ${above(r.parley)} ${whole(r.parley)}`,
  );
  log(
    `  the bridge alone ÷ Pipecat (above the wire), round by round: ${ratioRange(r.bridgeShare, 2)}`,
  );
  log(
    `  what the session adds past its bridge (deadlines, handlers, transcript, snapshots, events): ` +
      `${fmt(r.parley.median - r.bridge.median, 0)} ns/msg = ` +
      `${fmt((r.parley.median - r.bridge.median) / (r.pipecat.median - wire), 2)}× Pipecat's whole cost above the wire`,
  );
  for (const p of r.problems) log(`  ! ${p}`);
}

export function printLengths(r: LengthResult): void {
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

export function printCallgrind(r: CallgrindResult): void {
  if (!r.available) {
    log('(b) instructions per message: valgrind not found, skipped');
    return;
  }
  const { parley, pipecat } = r.perMessage;
  const { warm, block, blocks, burst } = r.plan;
  log(
    // Under --single-threaded and --predictable-gc-schedule the blocks repeat from run to run;
    // what still differs between blocks is a late optimisation (a compile) landing in one.
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

export function printPeerSoak(r: PeerSoakResult, parley: SoakResult): void {
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

export function printBudgets(results: BudgetResult[]): void {
  for (const b of results) {
    log(`  ${b.name}: ${b.ok ? 'ok' : 'FAILED'}`);
    for (const l of b.lines) log(`    ${l}`);
  }
}

export function printConnect(r: ConnectResult): void {
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

export function printBridge(r: BridgeResult): void {
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

export function printSoak(r: SoakResult): void {
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

export function table(rows: string[][]): void {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  const line = (r: string[]) =>
    `| ${r.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join(' | ')} |`;
  const [head, ...body] = rows;
  if (!head) return;
  log(line(head));
  log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of body) log(line(r));
}

export const ok = (good: boolean): string => (good ? 'ok' : 'MISSED');

export function connectRows(connect: ConnectResult): string[][] {
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

export function throughputRows(t: ThroughputResult, lengths: LengthResult | null): string[][] {
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

export function callgrindRows(c: CallgrindResult): string[][] {
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

export function bridgeRows(bridge: BridgeResult): string[][] {
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

export function soakRows(soak: SoakResult): string[][] {
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
