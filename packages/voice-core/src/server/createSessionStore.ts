import { createMemoryStore } from './memoryStore';
import { createRedisStore, type RedisStoreOptions } from './redisStore';
import type { SessionStore } from './sessionStore';

export interface SessionStoreConfig {
  /**
   * `redis://…` of a Redis shared by every backend instance. Unset: `PARLEY_REDIS_URL` from
   * the environment; empty or missing there too: the in-memory store (one instance only).
   */
  redisUrl?: string | undefined;
  /** Clock for the memory store's expiry and the Redis store's record TTLs. */
  now?: () => number;
  /** Options of the Redis store when one is made. */
  redis?: Omit<RedisStoreOptions, 'url' | 'client' | 'now'>;
}

/**
 * The store the configuration asks for: Redis when a URL is given (option or
 * `PARLEY_REDIS_URL`), else memory. The Redis client is only loaded in the first case.
 * @example
 * const store = createSessionStore({ redisUrl: process.env.PARLEY_REDIS_URL });
 */
export function createSessionStore(config: SessionStoreConfig = {}): SessionStore {
  const url = config.redisUrl ?? envRedisUrl();
  const clock = config.now ? { now: config.now } : {};
  if (!url) return createMemoryStore(clock);
  return createRedisStore({ ...config.redis, ...clock, url });
}

function envRedisUrl(): string | undefined {
  // Edge runtimes have no `process`; they pass the URL explicitly.
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env;
  return env?.PARLEY_REDIS_URL || undefined;
}
