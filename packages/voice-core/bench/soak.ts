/**
 * Benchmark 3: soak. One real `VoiceSession` runs start → active → stop cycles on the mock
 * room with zero latencies (backend 0 ms, join 0 ms, bot join/ready 0 ms, empty script),
 * sequentially, with the SSE data channel on (the default). After a warm-up, GC is forced
 * before and after the measured cycles and the heap growth is reported, with live mock call
 * objects, listeners, and live timer handles (globals patched from the soak's start).
 *
 * The mocks are test recorders: the backend keeps every request and session, the room every
 * client message, the bot everything it sent and received, and the leak registry
 * (`trackForLeaks`) every mock ever created until `releaseLeftovers()`. None of that is the
 * engine's memory, so the session reaches its room and backend through a level of
 * indirection and both are replaced every `rotateEvery` cycles (after a leak check): the
 * session, its backend client, its dedupe set and everything else it owns live on for the
 * whole soak, and only the mocks' logs are dropped.
 */
import type { SessionStatus } from '../src/sessionMachine';
import {
  createMockBackend,
  createMockRoom,
  findLeftovers,
  type MockBackend,
  MockDailyCall,
  type MockRoom,
  releaseLeftovers,
} from '../src/testing/index';
import { createVoiceSession, type VoiceSession } from '../src/voiceSession';
import { trackTimers } from './timerTracker';
import { forceGc, heapUsedMB, nextSettledStatus, sleep } from './util';

const BASE_URL = 'http://backend.test/api/voice';

type Diagnostics = ReturnType<VoiceSession['diagnostics']>;

export interface SoakResult {
  cycles: number;
  warmup: number;
  gcAvailable: boolean;
  heapBeforeMB: number;
  heapAfterMB: number;
  heapGrowthMB: number;
  /** Heap after forced GC at every mock rotation of the measured cycles: [cycle, MB]. */
  heapSamples: Array<[number, number]>;
  /** Least-squares slope of `heapSamples` over the second half of the soak, bytes per cycle. */
  lateSlopeBytesPerCycle: number;
  /** Wall time of the measured cycles. */
  ms: number;
  /** CPU time (user + system) of the measured cycles. */
  cpuMs: number;
  cyclesPerSec: number;
  failedCycles: number;
  failures: string[];
  errorCodes: Map<string, number>;
  liveCallsAfterStop: number;
  liveCallsAfterDestroy: number;
  callsCreated: number;
  diagnosticsBefore: Diagnostics;
  diagnosticsAfter: Diagnostics;
  diagnosticsAfterDestroy: Diagnostics;
  benchHandlers: number;
  lastCallListeners: number;
  /** Listeners still on a call object when the engine destroyed it (daily-js drops them then). */
  listenersAtDestroy: { max: number; total: number; calls: number };
  timersCreated: number;
  liveTimersWarm: number;
  liveTimersAfterStop: number;
  liveTimersAfterDestroy: number;
  timerSites: Array<{ site: string; count: number }>;
  timerSitesAfterDestroy: Array<{ site: string; count: number }>;
  leftoverLines: string[];
  activeResources: Record<string, number>;
}

interface Mocks {
  room: MockRoom;
  backend: MockBackend;
}

function makeMocks(): Mocks {
  const room = createMockRoom({
    bot: { mode: 'happy', joinMs: 0, readyMs: 0, script: [] },
    joinLatencyMs: 0,
  });
  const backend = createMockBackend({ room, latencyMs: 0, baseUrl: BASE_URL });
  return { room, backend };
}

function resourceCounts(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) counts[r] = (counts[r] ?? 0) + 1;
  return counts;
}

/** Least-squares slope of y over x. */
function slope(points: Array<[number, number]>): number {
  const n = points.length;
  if (n < 2) return Number.NaN;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? Number.NaN : num / den;
}

export async function benchSoak(cycles = 1000, warmup = 50, rotateEvery = 50): Promise<SoakResult> {
  const tracker = trackTimers();
  let mocks = makeMocks();
  let lastCall: MockDailyCall | null = null;
  const atDestroy = { max: 0, total: 0, calls: 0 };
  const callsBefore = MockDailyCall.created();

  const session = createVoiceSession({
    backend: {
      baseUrl: BASE_URL,
      fetch: (input, init) => mocks.backend.fetch(input, init),
      retries: 0,
    },
    callFactory: (options) => {
      const call = mocks.room.callFactory(options) as MockDailyCall;
      const destroy = call.destroy.bind(call);
      call.destroy = () => {
        const n = call.listenerCount();
        atDestroy.max = Math.max(atDestroy.max, n);
        atDestroy.total += n;
        atDestroy.calls += 1;
        return destroy();
      };
      lastCall = call;
      return call;
    },
    pageLifecycle: false,
  });
  const errorCodes = new Map<string, number>();
  session.on('voice.error', ({ error }) =>
    errorCodes.set(error.code, (errorCodes.get(error.code) ?? 0) + 1),
  );
  const benchHandlers = 1;

  const failures: string[] = [];
  let failedCycles = 0;
  const leftoverLines: string[] = [];

  const cycle = async (n: number): Promise<void> => {
    const settled = nextSettledStatus(session, 5_000);
    await session.start();
    const status: SessionStatus | 'timeout' = await settled;
    if (status !== 'active') {
      failedCycles += 1;
      if (failures.length < 5) failures.push(`cycle ${n}: settled '${status}' instead of active`);
    }
    await session.stop();
    const after = session.getSnapshot().status;
    if (after !== 'inactive' && failures.length < 5)
      failures.push(`cycle ${n}: '${after}' after stop()`);
  };

  const rotate = () => {
    for (const line of findLeftovers()) if (leftoverLines.length < 10) leftoverLines.push(line);
    releaseLeftovers();
    mocks = makeMocks();
  };

  for (let i = 1; i <= warmup; i++) {
    await cycle(i);
    if (i % rotateEvery === 0) rotate();
  }
  if (warmup % rotateEvery !== 0) rotate();
  await sleep(20);
  const gcAvailable = await forceGc();
  const heapBeforeMB = heapUsedMB();
  const diagnosticsBefore = session.diagnostics();
  const liveTimersWarm = tracker.live();

  // GC at each rotation gives the heap's trend (a leak grows linearly, JIT warm-up levels
  // off); its time is kept out of the cycle timing.
  const heapSamples: Array<[number, number]> = [[0, heapBeforeMB]];
  let ms = 0;
  let cpuMs = 0;
  let t0 = performance.now();
  let c0 = process.cpuUsage();
  for (let i = 1; i <= cycles; i++) {
    await cycle(warmup + i);
    if (i % rotateEvery === 0 || i === cycles) {
      ms += performance.now() - t0;
      const c = process.cpuUsage(c0);
      cpuMs += (c.user + c.system) / 1000;
      rotate();
      if (gcAvailable) {
        await forceGc();
        heapSamples.push([i, heapUsedMB()]);
      }
      t0 = performance.now();
      c0 = process.cpuUsage();
    }
  }

  await sleep(100); // settle: anything still scheduled now outlived its session
  const liveTimersAfterStop = tracker.live();
  const timerSites = tracker.report();
  const liveCallsAfterStop = MockDailyCall.liveInstances();
  const diagnosticsAfter = session.diagnostics();
  const finalCall = lastCall as MockDailyCall | null;
  const lastCallListeners = finalCall?.listenerCount() ?? 0;
  await forceGc();
  const heapAfterMB = heapUsedMB();

  await session.destroy();
  const diagnosticsAfterDestroy = session.diagnostics();
  for (const line of findLeftovers()) if (leftoverLines.length < 10) leftoverLines.push(line);
  releaseLeftovers();
  await sleep(50);
  const liveTimersAfterDestroy = tracker.live();
  const timerSitesAfterDestroy = tracker.report();
  const timersCreated = tracker.created();
  tracker.restore();

  return {
    cycles,
    warmup,
    gcAvailable,
    heapBeforeMB,
    heapAfterMB,
    heapGrowthMB: heapAfterMB - heapBeforeMB,
    heapSamples,
    lateSlopeBytesPerCycle: slope(heapSamples.filter(([c]) => c >= cycles / 2)) * 1024 * 1024,
    ms,
    cpuMs,
    cyclesPerSec: (cycles / ms) * 1000,
    failedCycles,
    failures,
    errorCodes,
    liveCallsAfterStop,
    liveCallsAfterDestroy: MockDailyCall.liveInstances(),
    callsCreated: MockDailyCall.created() - callsBefore,
    diagnosticsBefore,
    diagnosticsAfter,
    diagnosticsAfterDestroy,
    benchHandlers,
    lastCallListeners,
    listenersAtDestroy: atDestroy,
    timersCreated,
    liveTimersWarm,
    liveTimersAfterStop,
    liveTimersAfterDestroy,
    timerSites,
    timerSitesAfterDestroy,
    leftoverLines,
    activeResources: resourceCounts(),
  };
}
