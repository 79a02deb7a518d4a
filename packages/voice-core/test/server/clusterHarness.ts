/**
 * Test-only: several handler instances on one Redis behind no balancer at all (the test
 * picks the instance), sharing the fake vendors, each served over its own loopback HTTP
 * server with the real clock. Imported by `*.test.ts` only; not part of the public API.
 */
import {
  type FakeBot,
  type FakeDaily,
  type FakePipecat,
  startFakeBot,
  startFakeDaily,
  startFakePipecat,
} from '../../src/server/fakes';
import {
  createRedisStore,
  type RedisStore,
  type RedisStoreOptions,
} from '../../src/server/redisStore';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { VoiceHandlerOptions } from '../../src/server/voiceHandlerOptions';
import { type RedisTestServer, startRedisServer } from './redisTestServer';
import { DAILY_KEY, PIPECAT_KEY, type WiredHandler, wireHandler } from './wireHandler';

export interface ClusterNode extends Omit<WiredHandler, 'stop'> {
  name: string;
  store: RedisStore;
  /**
   * The process dies: no shutdown, no end of its sessions. Its sweeper stops, its HTTP and
   * Redis connections drop, and whatever it held in Redis stays as it was.
   */
  crash(): Promise<void>;
}

export interface Cluster {
  nodes: ClusterNode[];
  daily: FakeDaily;
  pipecat: FakePipecat;
  bot: FakeBot;
  keyPrefix: string;
  close(): Promise<void>;
}

export interface ClusterOptions {
  redisUrl: string;
  instances?: number;
  launcher?: 'pipecat' | 'self-hosted';
  handler?: Partial<VoiceHandlerOptions>;
  store?: Partial<RedisStoreOptions>;
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const daily = await startFakeDaily({ apiKey: DAILY_KEY });
  const pipecat = await startFakePipecat({ apiKey: PIPECAT_KEY });
  const bot = await startFakeBot();
  const keyPrefix = `cluster-${Math.random().toString(36).slice(2, 10)}:`;
  const closers: (() => Promise<void>)[] = [];

  async function node(index: number): Promise<ClusterNode> {
    const name = String.fromCharCode(65 + index);
    const store = createRedisStore({
      url: options.redisUrl,
      keyPrefix,
      commandTimeoutMs: 1000,
      connectTimeoutMs: 1000,
      ...options.store,
    });
    const { stop: stopServing, ...wired } = await wireHandler({
      fakes: { daily, pipecat, bot },
      store,
      launcher: options.launcher,
      handler: options.handler,
    });
    let down = false;
    const stop = async (graceful: boolean) => {
      if (down) return;
      down = true;
      await stopServing({ graceful });
      await store.close();
    };
    closers.push(() => stop(true));
    return { ...wired, name, store, crash: () => stop(false) };
  }

  const nodes: ClusterNode[] = [];
  for (let i = 0; i < (options.instances ?? 2); i++) nodes.push(await node(i));
  return {
    nodes,
    daily,
    pipecat,
    bot,
    keyPrefix,
    async close() {
      await Promise.all(closers.map((c) => c()));
      await Promise.all([daily.close(), pipecat.close(), bot.close()]);
    },
  };
}

/** Polls `check` every 10 ms until it holds; rejects after `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * For a test file: one real Redis for the whole file, and the clusters its tests start on it,
 * each closed after its test.
 */
export function useRedisClusters(): {
  start(options?: Omit<ClusterOptions, 'redisUrl'>): Promise<Cluster>;
} {
  let redis: RedisTestServer | undefined;
  const open: Cluster[] = [];
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterEach(async () => {
    while (open.length > 0) await open.pop()?.close();
  });
  afterAll(async () => {
    await redis?.close();
  });
  return {
    async start(options = {}) {
      if (!redis) throw new Error('useRedisClusters: Redis has not started (call start in a test)');
      const cluster = await startCluster({ ...options, redisUrl: redis.url });
      open.push(cluster);
      return cluster;
    },
  };
}
