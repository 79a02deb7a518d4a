import { errorFields, silentLogger, type VoiceLogger } from './logger';
import type { LuaScript } from './redisScripts';
import { StoreUnavailableError } from './storeUnavailableError';

/**
 * The part of a node-redis v5 client (`createClient()` from `redis`) the store uses. Typed
 * structurally so `@parley/voice-core/server` never needs `redis` at type level either.
 */
export interface RedisClientLike {
  readonly isOpen: boolean;
  readonly isReady: boolean;
  connect(): Promise<unknown>;
  sendCommand(args: string[], options?: { timeout?: number }): Promise<unknown>;
  duplicate(): RedisClientLike;
  subscribe(channel: string, listener: (message: string, channel: string) => void): Promise<void>;
  unsubscribe(channel: string, listener: (message: string, channel: string) => void): Promise<void>;
  on(event: 'error' | 'ready' | 'end', listener: (error?: unknown) => void): unknown;
  close(): Promise<void>;
  destroy(): void;
}

export interface RedisConnectionOptions {
  /** `redis://…`; or pass `client`. */
  url?: string | undefined;
  /** An existing client; the caller keeps ownership (it is not closed by `close()`). */
  client?: RedisClientLike | undefined;
  commandTimeoutMs: number;
  connectTimeoutMs: number;
  logger?: VoiceLogger | undefined;
}

/** Redis replies that mean "not now" rather than "wrong". */
const TRANSIENT_REPLY = /^(LOADING|BUSY|MASTERDOWN|READONLY|TRYAGAIN|CLUSTERDOWN|NOREPLICAS)\b/;

/** Rejects with {@link StoreUnavailableError} when `promise` takes longer than `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new StoreUnavailableError('store-unavailable', {
            message: 'Redis did not answer in time.',
          }),
        ),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Capped exponential back-off with jitter, so instances do not reconnect in lock-step. */
export function reconnectDelay(retries: number): number {
  return Math.min(50 * 2 ** retries, 2000) + Math.floor(Math.random() * 50);
}

/**
 * One command connection (plus a subscriber made on demand) with the store's error policy:
 * commands fail fast while Redis is away (no offline queue), are bounded in time, and every
 * connection-level failure becomes a {@link StoreUnavailableError}. Loads `redis` lazily.
 */
export function createRedisConnection(options: RedisConnectionOptions) {
  const logger = options.logger ?? silentLogger;
  const timeout = options.commandTimeoutMs;
  const owned = !options.client;
  let replyError: (new (...args: never[]) => Error) | undefined;
  let closed = false;
  /** Script → its SHA once loaded (shared by concurrent first calls). */
  const shas = new Map<LuaScript, Promise<string>>();
  const subscriberListeners = new Set<() => void>();
  let subscriber: Promise<RedisClientLike> | undefined;
  const bootDeadlines = new WeakMap<RedisClientLike, number>();

  function watch(client: RedisClientLike, role: string) {
    let ready = false;
    let healthy = true;
    client.on('error', (error) => {
      // node-redis reports each failed reconnect; log the first of a run only.
      if (!closed && healthy)
        logger.warn('session store unavailable', { role, ...errorFields(error) });
      healthy = false;
    });
    client.on('ready', () => {
      if (ready && !healthy) logger.info('session store reconnected', { role });
      if (ready && role === 'subscriber') for (const l of subscriberListeners) l();
      ready = true;
      healthy = true;
    });
  }

  async function open(make: (client: RedisClientLike) => RedisClientLike, role: string) {
    const redis = await import('redis').catch((cause: unknown) => {
      // A setup mistake, not an outage: say it once, loudly; requests still answer 503.
      if (role === 'commands') logger.error('the Redis store needs the `redis` package (v5)');
      throw new StoreUnavailableError('store-unavailable', {
        message: 'The `redis` package is not installed.',
        cause,
      });
    });
    replyError = redis.ErrorReply;
    const base =
      options.client ??
      (redis.createClient({
        url: options.url,
        disableOfflineQueue: true,
        commandOptions: { timeout },
        socket: { connectTimeout: options.connectTimeoutMs, reconnectStrategy: reconnectDelay },
      }) as unknown as RedisClientLike);
    const client = make(base);
    bootDeadlines.set(client, Date.now() + options.connectTimeoutMs);
    watch(client, role);
    if (!client.isOpen) {
      // Resolves on the first successful connect; node-redis keeps retrying until then.
      client.connect().catch(() => {});
    }
    return client;
  }

  const main = open((c) => c, 'commands');
  main.catch(() => {});

  // Requests made while a client's first connection is being set up wait for it, up to the
  // connect timeout from its creation; after that a Redis that is away fails them at once.
  async function ready(client: Promise<RedisClientLike>): Promise<RedisClientLike> {
    const c = await client;
    const deadline = bootDeadlines.get(c) ?? 0;
    while (!c.isReady && Date.now() < deadline && !closed) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return c;
  }

  function translate(error: unknown): unknown {
    if (error instanceof StoreUnavailableError) return error;
    const isReply = replyError !== undefined && error instanceof replyError;
    if (isReply && !TRANSIENT_REPLY.test((error as Error).message)) return error;
    return new StoreUnavailableError('store-unavailable', { cause: error });
  }

  async function command(args: string[]): Promise<unknown> {
    try {
      const client = await ready(main);
      return await client.sendCommand(args, { timeout });
    } catch (error) {
      throw translate(error);
    }
  }

  /** EVALSHA, loading the script first (or again after a Redis restart emptied its cache). */
  async function run(lua: LuaScript, keys: string[], args: string[]): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      let loading = shas.get(lua);
      if (!loading) {
        loading = command(['SCRIPT', 'LOAD', lua.source]).then(String);
        shas.set(lua, loading);
        // A failed load is retried by the next call.
        loading.catch(() => shas.delete(lua));
      }
      try {
        const sha = await loading;
        return await command(['EVALSHA', sha, String(keys.length), ...keys, ...args]);
      } catch (error) {
        if (attempt > 0 || !(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) {
          throw error;
        }
        shas.delete(lua);
      }
    }
  }

  return {
    command,
    run,
    commandTimeoutMs: timeout,
    /** The pub/sub connection, made on first use (a subscribed connection runs nothing else). */
    async subscriber(): Promise<RedisClientLike> {
      subscriber ??= open((c) => c.duplicate(), 'subscriber');
      try {
        const client = await ready(subscriber);
        if (!client.isReady) throw new StoreUnavailableError();
        return client;
      } catch (error) {
        throw translate(error);
      }
    },
    /** Called after the subscriber reconnected (messages sent meanwhile were lost). */
    onSubscriberReconnect(listener: () => void): () => void {
      subscriberListeners.add(listener);
      return () => subscriberListeners.delete(listener);
    },
    async close(): Promise<void> {
      closed = true;
      const clients = await Promise.all([main, subscriber].map((p) => p?.catch(() => undefined)));
      for (const [i, client] of clients.entries()) {
        if (!client?.isOpen || (i === 0 && !owned)) continue;
        // Graceful when Redis answers (pending replies arrive), bounded when it does not.
        if (client.isReady) await withTimeout(client.close(), timeout).catch(() => {});
        try {
          if (client.isOpen) client.destroy();
        } catch {
          // Already closed meanwhile.
        }
      }
    },
  };
}

export type RedisConnection = ReturnType<typeof createRedisConnection>;
