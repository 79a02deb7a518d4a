/**
 * `@parley/voice-core/server/redis` — the Redis session store, for several backend instances
 * sharing one Redis (limits, records and events). Needs the `redis` package (node-redis 5),
 * which only this entry loads: `@parley/voice-core/server` never mentions it, so a bundler
 * (Next.js with Turbopack, an edge build) never has to resolve `redis` for an app on one
 * instance.
 *
 * @example
 * import { createVoiceHandler } from '@parley/voice-core/server';
 * import { createRedisStore } from '@parley/voice-core/server/redis';
 *
 * const handler = createVoiceHandler({ ...options, store: createRedisStore({ url: process.env.PARLEY_REDIS_URL }) });
 * @packageDocumentation
 */
export { createSessionStore, type SessionStoreConfig } from '../createSessionStore';
export type { RedisClientLike } from '../redisConnection';
export { createRedisStore, type RedisStore, type RedisStoreOptions } from '../redisStore';
