/**
 * (e), the peer's side: the official `PipecatClient` + `DailyTransport` through `cycles`
 * `startBotAndConnect` → ready → disconnect cycles on the same zero-latency mock room and
 * mock backend as Parley's soak, with both (and so the client, whose transport keeps its
 * call object) replaced every `rotateEvery` cycles. Reports wall and CPU time per cycle.
 */
import type { MockBackend, MockRoom } from '../src/testing/index';
import { createMockBackend, createMockRoom, releaseLeftovers } from '../src/testing/index';
import { routePipecatFetch } from './connectLatency';

type Peers = {
  PipecatClient: typeof import('@pipecat-ai/client-js').PipecatClient;
  DailyTransport: typeof import('@pipecat-ai/daily-transport').DailyTransport;
  MockDailyIframe: typeof import('../src/testing/index').MockDailyIframe;
};

export interface PeerSoakResult {
  cycles: number;
  ms: number;
  cpuMs: number;
  failedCycles: number;
}

export async function benchPipecatSoak(
  peers: Peers,
  cycles = 1000,
  warmup = 50,
  rotateEvery = 50,
): Promise<PeerSoakResult> {
  let room: MockRoom | null = null;
  let backend: MockBackend | null = null;
  let unbind = () => {};
  let unroute = () => {};
  let client: InstanceType<Peers['PipecatClient']> | null = null;
  const dispose = async () => {
    await client?.disconnect().catch(() => {});
    const call = room?.call;
    if (call && !call.isDestroyed()) await call.destroy();
    unbind();
    unroute();
    room?.dispose();
    backend?.dispose();
    releaseLeftovers();
  };
  const rotate = async () => {
    await dispose();
    room = createMockRoom({
      bot: { mode: 'happy', joinMs: 0, readyMs: 0, script: [] },
      joinLatencyMs: 0,
    });
    backend = createMockBackend({ room, latencyMs: 0, events: false });
    unbind = peers.MockDailyIframe.bindRoom(room);
    unroute = routePipecatFetch(backend);
    client = new peers.PipecatClient({
      transport: new peers.DailyTransport(),
      enableMic: true,
      enableCam: false,
    });
  };
  let failedCycles = 0;
  const cycle = async () => {
    if (!backend || !client) return;
    await client.startBotAndConnect({
      endpoint: `${backend.baseUrl}/session`,
      requestData: { persistence: 0 },
    });
    if (client.state !== 'ready') failedCycles += 1;
    await client.disconnect();
  };
  await rotate();
  for (let i = 1; i <= warmup; i++) await cycle();
  let ms = 0;
  let cpu = 0;
  for (let i = 1; i <= cycles; i++) {
    if ((i - 1) % rotateEvery === 0) await rotate();
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    await cycle();
    const c = process.cpuUsage(c0);
    cpu += (c.user + c.system) / 1000;
    ms += performance.now() - t0;
  }
  await dispose();
  return { cycles, ms, cpuMs: cpu, failedCycles };
}
