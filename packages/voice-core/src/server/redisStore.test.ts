import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  rawCommand,
  type RedisTestServer,
  startRedisServer,
} from '../../test/server/redisTestServer';
import { createSessionStore } from './createSessionStore';
import { createRedisStore, type RedisStore } from './redisStore';
import { describeSessionStoreContract, sampleRecord } from '../../test/server/sessionStoreContract';
import { StoreUnavailableError } from './storeUnavailableError';
import { createVoiceHandler } from './voiceHandler';

let redis: RedisTestServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.close();
});

let run = 0;
const prefix = () => `t${++run}-${Math.random().toString(36).slice(2, 8)}:`;

describeSessionStoreContract('redis', async () => {
  const store = createRedisStore({ url: redis.url, keyPrefix: prefix() });
  return { store, dispose: () => store.close() };
});

describe('Redis store specifics', () => {
  const stores: RedisStore[] = [];
  const open = (options: Partial<Parameters<typeof createRedisStore>[0]> = {}) => {
    const store = createRedisStore({ url: redis.url, keyPrefix: prefix(), ...options });
    stores.push(store);
    return store;
  };
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
  });

  it('records carry a TTL a little beyond the hard deadline, then the retention once ended', async () => {
    const keyPrefix = prefix();
    const store = open({ keyPrefix, recordGraceMs: 60_000, endedRetentionMs: 600_000 });
    const record = sampleRecord({ status: 'live', expiresAt: Date.now() + 1500 });
    await store.put(record);
    const pttl = Number(
      await rawCommand(redis.port, `PTTL ${keyPrefix}parley:session:${record.id}`).then((l) =>
        l.slice(1),
      ),
    );
    expect(pttl).toBeGreaterThan(60_000);
    expect(pttl).toBeLessThanOrEqual(61_500);
    await store.update(record.id, (r) => ({ ...r, status: 'ended', endedAt: Date.now() }));
    const ended = Number(
      await rawCommand(redis.port, `PTTL ${keyPrefix}parley:session:${record.id}`).then((l) =>
        l.slice(1),
      ),
    );
    expect(ended).toBeGreaterThan(590_000);
  });

  it('a record that expired in Redis drops out of the list and the index', async () => {
    const keyPrefix = prefix();
    const store = open({ keyPrefix, recordGraceMs: 0 });
    const gone = sampleRecord({ status: 'live', expiresAt: Date.now() - 10_000 });
    const kept = sampleRecord({ status: 'live' });
    await store.put(gone);
    await store.put(kept);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await store.list()).map((r) => r.id)).toEqual([kept.id]);
    expect(await rawCommand(redis.port, `SCARD ${keyPrefix}parley:sessions`)).toBe(':1');
  });

  it('fails with StoreUnavailableError, quickly, when nothing listens at the URL', async () => {
    const store = createRedisStore({ url: 'redis://127.0.0.1:1', connectTimeoutMs: 300 });
    const started = Date.now();
    await expect(store.get('x')).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.reserve({})).rejects.toMatchObject({ code: 'store-unavailable' });
    expect(Date.now() - started).toBeLessThan(2000);
    await store.close();
  });

  it('createSessionStore picks Redis only when a URL is configured (option or env)', async () => {
    expect(createSessionStore().events).toBeUndefined();
    expect(createSessionStore({ redisUrl: '' }).events).toBeUndefined();
    const shared = createSessionStore({ redisUrl: redis.url, redis: { keyPrefix: prefix() } });
    expect(shared.events).toBeDefined();
    const record = sampleRecord();
    await shared.put(record);
    expect(await shared.get(record.id)).toEqual(record);
    await shared.close?.();
    const saved = process.env.PARLEY_REDIS_URL;
    process.env.PARLEY_REDIS_URL = redis.url;
    try {
      const fromEnv = createSessionStore();
      expect(fromEnv.events).toBeDefined();
      expect(await fromEnv.list()).toEqual([]);
      await fromEnv.close?.();
    } finally {
      process.env.PARLEY_REDIS_URL = saved;
    }
  });

  it('a handler given a Redis store runs on Redis, answers 503 store-unavailable without it', async () => {
    const base = {
      daily: { apiKey: 'dk_unused', baseUrl: 'http://127.0.0.1:1' },
      launcher: { kind: 'none', canLeave: false, launch: async () => {} },
      adminSecret: 'admin_secret_0123',
      sweepIntervalMs: 0,
    } as const;
    const admin = new Request('http://127.0.0.1/api/voice/admin/sessions', {
      headers: { authorization: 'Bearer admin_secret_0123' },
    });
    const shared = createRedisStore({ url: redis.url, keyPrefix: prefix() });
    const up = createVoiceHandler({ ...base, store: shared });
    const ok = await up(admin.clone());
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ sessions: [] });
    await up.close();
    await shared.close();

    const gone = createRedisStore({ url: 'redis://127.0.0.1:1' });
    const down = createVoiceHandler({ ...base, store: gone });
    const res = await down(admin.clone());
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(await res.json()).toMatchObject({ error: { code: 'store-unavailable' } });
    await down.close();
    await gone.close();
  });

  it('a Redis URL without a store is refused at creation, never served from memory', () => {
    const base = {
      daily: { apiKey: 'dk_unused', baseUrl: 'http://127.0.0.1:1' },
      launcher: { kind: 'none', canLeave: false, launch: async () => {} },
      sweepIntervalMs: 0,
    } as const;
    expect(() => createVoiceHandler({ ...base, redisUrl: redis.url } as never)).toThrow(
      /createRedisStore.*@parley\/voice-core\/server\/redis/,
    );
    vi.stubEnv('PARLEY_REDIS_URL', redis.url);
    try {
      expect(() => createVoiceHandler(base)).toThrow(/PARLEY_REDIS_URL/);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
