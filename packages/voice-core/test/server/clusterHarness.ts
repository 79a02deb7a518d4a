/**
 * Test-only: several handler instances on one Redis behind no balancer at all (the test
 * picks the instance), sharing the fake vendors, each served over its own loopback HTTP
 * server with the real clock. Imported by `*.test.ts` only; not part of the public API.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type FakeBot,
  type FakeDaily,
  type FakePipecat,
  startFakeBot,
  startFakeDaily,
  startFakePipecat,
} from '../../src/server/fakes';
import { toNodeListener } from '../../src/server/nodeAdapter';
import {
  createRedisStore,
  type RedisStore,
  type RedisStoreOptions,
} from '../../src/server/redisStore';
import {
  ADMIN_SECRET,
  type CallInit,
  type CallResult,
  DAILY_KEY,
  fakeLauncher,
  httpCall,
  PIPECAT_KEY,
  WEBHOOK_SECRET,
} from './testHarness';
import {
  createVoiceHandler,
  type VoiceHandler,
  type VoiceHandlerOptions,
} from '../../src/server/voiceHandler';

export interface ClusterNode {
  name: string;
  base: string;
  handler: VoiceHandler;
  store: RedisStore;
  call(method: string, path: string, init?: CallInit): Promise<CallResult>;
  start(user: string, body?: unknown): Promise<CallResult>;
  webhook(body: unknown): Promise<CallResult>;
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
  const retry = { baseDelayMs: 1, maxDelayMs: 20, maxRetries: 2 };
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
    const launcher = fakeLauncher(
      options.launcher,
      { botUrl: bot.url, pipecatUrl: pipecat.url },
      retry,
    );
    const handler = createVoiceHandler({
      daily: { apiKey: DAILY_KEY, baseUrl: daily.url, retry },
      launcher,
      webhookSecret: WEBHOOK_SECRET,
      adminSecret: ADMIN_SECRET,
      authenticate: (req: Request) => req.headers.get('x-test-user'),
      store,
      sweepIntervalMs: 0,
      ...options.handler,
    });
    const server: Server = createServer(toNodeListener(handler));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/voice`;
    let down = false;
    const stop = async (graceful: boolean) => {
      if (down) return;
      down = true;
      await handler.close();
      if (graceful) await handler.settled();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    };
    closers.push(() => stop(true));
    const call = (method: string, path: string, init?: CallInit) =>
      httpCall(base, method, path, init);
    return {
      name,
      base,
      handler,
      store,
      call,
      start: (user, body = {}) => call('POST', '/session', { user, body }),
      webhook: (body) =>
        call('POST', '/webhook', { body, headers: { authorization: `Bearer ${WEBHOOK_SECRET}` } }),
      crash: () => stop(false),
    };
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
