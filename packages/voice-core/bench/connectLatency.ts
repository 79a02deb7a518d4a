/**
 * Benchmark (d): connect latency, start → active, on the mock room with typical latencies
 * (backend 100 ms, Daily join 300 ms, bot ready 800 ms after launch), against the real
 * `PipecatClient.startBotAndConnect` on the same mocks.
 *
 * - pipecat: the official client's `startBotAndConnect({ endpoint })`: it POSTs to the same
 *   mock backend (which launches the bot as it answers, as a Pipecat backend starts the bot
 *   while the client joins), then joins with the answer (mapped to daily-transport's
 *   `{ url, token }`, as a Pipecat backend's answer is shaped), and is ready at `bot-ready`.
 *
 * - overlapped: a real `VoiceSession`. The mock backend launches the bot when it receives
 *   `POST /session` (as the real backend does), and the engine prepares the call object while
 *   the backend answers, so the bot's spin-up overlaps the answer and the join.
 * - serial (context only: a strawman no real client uses): join first, then launch the bot, against the same mocks: await the
 *   backend answer → join Daily → only then launch the bot → wait for bot-ready. The backend
 *   request goes to a mock backend bound to a decoy room, so the HTTP path costs the same
 *   but launches nobody in the measured room; the bot is launched by hand after the join.
 */
import { createBackendClient } from '../src/runtime/backend/backendClient';
import {
  parseRtviMessage,
  RTVI_PROTOCOL_VERSION,
  rtviMessage,
} from '../src/runtime/rtvi/rtviMessages';
import {
  createMockBackend,
  createMockRoom,
  findLeftovers,
  type MockBackend,
  type MockBotOptions,
  MockDailyCall,
  releaseLeftovers,
} from '../src/testing/index';
import { createVoiceSession } from '../src/voiceSession';
import { nextSettledStatus, type Stats, stats } from './util';

type Peers = {
  PipecatClient: typeof import('@pipecat-ai/client-js').PipecatClient;
  DailyTransport: typeof import('@pipecat-ai/daily-transport').DailyTransport;
  MockDailyIframe: typeof import('../src/testing/index').MockDailyIframe;
};

const BACKEND_MS = 100;
const JOIN_MS = 300;
const BOT: MockBotOptions = { mode: 'happy', joinMs: 200, readyMs: 800, script: [] };
export const CONNECT_TARGET_MS = 850;

export interface ConnectResult {
  runs: number;
  overlappedTimeline: Stats;
  overlappedWall: Stats;
  serialWall: Stats;
  /** The real `PipecatClient.startBotAndConnect`, wall time to `bot-ready`. */
  pipecatWall: Stats;
  /** Parley's wall time to `active` ÷ Pipecat's to ready, run by run. */
  ratio: Stats;
  /** Wall time at which `start()` resolved (it does so at join, not at active). */
  startResolvedWall: Stats;
  failures: string[];
  leftovers: string[];
}

async function overlappedOnce(
  failures: string[],
): Promise<{ timeline: number; wall: number; startResolved: number } | null> {
  const room = createMockRoom({ bot: BOT, joinLatencyMs: JOIN_MS });
  const backend = createMockBackend({ room, latencyMs: BACKEND_MS });
  const session = createVoiceSession({
    backend: { baseUrl: backend.baseUrl, fetch: backend.fetch, retries: 0 },
    callFactory: room.callFactory,
    pageLifecycle: false,
  });
  const errors: string[] = [];
  session.on('voice.error', ({ error }) => errors.push(error.code));
  try {
    const settled = nextSettledStatus(session, 10_000);
    const t0 = performance.now();
    let startResolved = Number.NaN;
    const started = session.start().then(() => {
      startResolved = performance.now() - t0;
    });
    const status = await settled;
    const wall = performance.now() - t0;
    await started;
    const timeline = session.getSnapshot().timeline.connectMs;
    if (status !== 'active' || timeline === null) {
      failures.push(`overlapped run ended '${status}' (errors: ${errors.join(', ') || 'none'})`);
      return null;
    }
    return { timeline, wall, startResolved };
  } finally {
    await session.destroy();
    room.dispose();
    backend.dispose();
  }
}

async function serialOnce(failures: string[]): Promise<number | null> {
  const room = createMockRoom({ bot: BOT, joinLatencyMs: JOIN_MS });
  const decoy = createMockRoom({ bot: { script: [] } });
  const backend = createMockBackend({ room: decoy, latencyMs: BACKEND_MS, events: false });
  const client = createBackendClient({
    baseUrl: backend.baseUrl,
    fetch: backend.fetch,
    retries: 0,
  });
  let call: MockDailyCall | null = null;
  try {
    const t0 = performance.now();
    // 1. await the backend's answer (nothing else has started yet)
    const answer = await client.startSession({ persistence: 0 });
    decoy.dispose(); // its bot was launched by the request; it is not the one we measure
    // 2. join Daily
    call = (await room.callFactory({})) as MockDailyCall;
    const joined = call;
    let onReady: () => void = () => {};
    const botReady = new Promise<void>((resolve) => {
      onReady = resolve;
    });
    joined.on('track-started', (e) => {
      if (e.participant?.user_name !== room.bot.name) return;
      joined.sendAppMessage(
        rtviMessage('client-ready', {
          version: RTVI_PROTOCOL_VERSION,
          about: { library: 'bench-serial' },
        }),
        '*',
      );
    });
    joined.on('app-message', (e) => {
      const parsed = parseRtviMessage(e.data);
      if (parsed.ok && parsed.message.type === 'bot-ready') onReady();
    });
    await joined.join({ url: answer.roomUrl, token: answer.token });
    // 3. only now launch the bot, 4. wait for bot-ready (it needs our client-ready too)
    room.launchBot(answer.sessionId);
    const timeout = new Promise<'timeout'>((resolve) => {
      const t = setTimeout(() => resolve('timeout'), 10_000);
      void botReady.then(() => clearTimeout(t));
    });
    if ((await Promise.race([botReady, timeout])) === 'timeout') {
      failures.push('serial run: bot never ready');
      return null;
    }
    const wall = performance.now() - t0;
    await client.endSession({ sessionId: answer.sessionId, reason: 'user' }).catch(() => {});
    return wall;
  } finally {
    if (call && !call.isDestroyed()) {
      await call.leave().catch(() => {});
      await call.destroy();
    }
    room.dispose();
    decoy.dispose();
    backend.dispose();
  }
}

/**
 * Sends the Pipecat client's start request (a global `fetch` of its endpoint) to `backend`,
 * and maps the answer to what a Pipecat backend answers (`{ url, token }`). Returns the undo.
 */
export function routePipecatFetch(backend: MockBackend): () => void {
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const answer = await backend.fetch(request.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: await request.text(),
    });
    const body = (await answer.json()) as { roomUrl?: string; token?: string };
    return Response.json({ url: body.roomUrl, token: body.token }, { status: answer.status });
  };
  return () => {
    globalThis.fetch = realFetch;
  };
}

async function pipecatOnce(peers: Peers, failures: string[]): Promise<number | null> {
  const room = createMockRoom({ bot: BOT, joinLatencyMs: JOIN_MS });
  const backend = createMockBackend({ room, latencyMs: BACKEND_MS, events: false });
  const unbind = peers.MockDailyIframe.bindRoom(room);
  const restore = routePipecatFetch(backend);
  const client = new peers.PipecatClient({
    transport: new peers.DailyTransport(),
    enableMic: true,
    enableCam: false,
  });
  try {
    const t0 = performance.now();
    await client.startBotAndConnect({
      endpoint: `${backend.baseUrl}/session`,
      requestData: { persistence: 0 },
    });
    const wall = performance.now() - t0;
    if (client.state !== 'ready') {
      failures.push(`pipecat run ended '${client.state}'`);
      return null;
    }
    return wall;
  } finally {
    restore();
    await client.disconnect().catch(() => {});
    const call = room.call;
    if (call && !call.isDestroyed()) await call.destroy();
    unbind();
    room.dispose();
    backend.dispose();
  }
}

/**
 * Runs `runs` Parley, Pipecat and serial connects, interleaved so drift hits all alike.
 * `peers` are the Pipecat modules (imported by the caller after `peerGlobals`).
 */
export async function benchConnectLatency(peers: Peers, runs = 10): Promise<ConnectResult> {
  const failures: string[] = [];
  const pipecat: number[] = [];
  const ratio: number[] = [];
  const timeline: number[] = [];
  const wall: number[] = [];
  const startResolved: number[] = [];
  const serial: number[] = [];
  const leftovers: string[] = [];
  // One unmeasured warm-up of each (module JIT, first Request/Response construction).
  await overlappedOnce(failures);
  await pipecatOnce(peers, failures);
  await serialOnce(failures);
  failures.length = 0;
  releaseLeftovers();
  for (let i = 0; i < runs; i++) {
    const o = await overlappedOnce(failures);
    if (o) {
      timeline.push(o.timeline);
      wall.push(o.wall);
      startResolved.push(o.startResolved);
    }
    const p = await pipecatOnce(peers, failures);
    if (p !== null) pipecat.push(p);
    if (o && p !== null) ratio.push(o.wall / p);
    const s = await serialOnce(failures);
    if (s !== null) serial.push(s);
    leftovers.push(...findLeftovers());
    if (MockDailyCall.liveInstances() !== 0)
      leftovers.push(`${MockDailyCall.liveInstances()} live MockDailyCall after run ${i + 1}`);
    releaseLeftovers();
  }
  return {
    runs,
    overlappedTimeline: stats(timeline),
    overlappedWall: stats(wall),
    serialWall: stats(serial),
    pipecatWall: stats(pipecat),
    ratio: stats(ratio),
    startResolvedWall: stats(startResolved),
    failures,
    leftovers,
  };
}
