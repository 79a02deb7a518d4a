import type { EventHub } from './eventHub';
import type { VoiceLogger } from './logger';
import { createRedisConnection, type RedisClientLike } from './redisConnection';
import { createRedisEventHub } from './redisEventHub';
import {
  DELETE_IF,
  DELETE_RECORD,
  INCREMENT,
  PRUNE_INDEX,
  PUT_RECORD,
  RELEASE,
  RESERVE,
  SWAP_RECORD,
} from './redisScripts';
import type {
  Release,
  Reservation,
  ReserveResult,
  SessionRecord,
  SessionStore,
} from './sessionStore';
import { StoreUnavailableError } from './storeUnavailableError';

export interface RedisStoreOptions {
  /** `redis://[user:password@]host:port[/db]`. Or pass `client`. */
  url?: string;
  /**
   * A node-redis v5 client (`createClient()` from `redis`) you own: it is connected if
   * needed, never closed by the store. Give it a reconnect strategy and an error listener.
   */
  client?: RedisClientLike;
  /** Prepended to every key and channel, to share one Redis between deployments (default none). */
  keyPrefix?: string;
  /** Longest a command may take before the request fails with `store-unavailable`, ms (2000). */
  commandTimeoutMs?: number;
  /** Longest a request waits for the first connection, ms (2000). */
  connectTimeoutMs?: number;
  /**
   * A starting or live record outlives its hard deadline by this much, ms (60000): the
   * sweeper ends it at the deadline, and if no instance is left to sweep, Redis forgets it.
   */
  recordGraceMs?: number;
  /** An ended record is kept this long after its end (or room teardown), ms (3600000). */
  endedRetentionMs?: number;
  /** Events kept per session for `Last-Event-ID` replay (64). */
  eventBufferSize?: number;
  /** Life of a session's event buffer after its last event, ms (3600000). */
  eventTtlMs?: number;
  /** Clock the records' times come from (default `Date.now`); share the handler's. */
  now?: () => number;
  logger?: VoiceLogger;
}

/** A {@link SessionStore} on Redis, with its cross-instance event hub. */
export interface RedisStore extends SessionStore {
  readonly events: EventHub;
  close(): Promise<void>;
}

/** Compare-and-set attempts before `update` gives up (only under pathological contention). */
const MAX_SWAPS = 50;
const NO_TTL = '-1';

/**
 * A {@link SessionStore} on Redis for several backend instances behind a load balancer.
 * Admission is one Lua script (check every limit, then take them all), so instances share
 * one concurrency cap, one set of daily counters and one lock per user. Records expire a
 * little after their hard deadline and slots on their own, so a crashed instance cannot
 * hold capacity forever. Events fan out through pub/sub (`store.events`).
 *
 * The `redis` package (an optional peer) is imported on first use. The store connects in
 * the background; while Redis is unreachable every call rejects with
 * {@link StoreUnavailableError} and it recovers by itself when Redis is back.
 * @example
 * const store = createRedisStore({ url: process.env.PARLEY_REDIS_URL });
 * const handler = createVoiceHandler({ ...options, store });
 */
export function createRedisStore(options: RedisStoreOptions): RedisStore {
  if (!options.url && !options.client)
    throw new TypeError('createRedisStore needs a url or a client.');
  const now = options.now ?? Date.now;
  const prefix = options.keyPrefix ?? '';
  const graceMs = options.recordGraceMs ?? 60_000;
  const retentionMs = options.endedRetentionMs ?? 3_600_000;
  const connection = createRedisConnection({
    url: options.url,
    client: options.client,
    commandTimeoutMs: options.commandTimeoutMs ?? 2000,
    connectTimeoutMs: options.connectTimeoutMs ?? 2000,
    logger: options.logger,
  });
  const { command, run } = connection;
  const events = createRedisEventHub({
    connection,
    keyPrefix: prefix,
    bufferSize: options.eventBufferSize ?? 64,
    ttlMs: options.eventTtlMs ?? 3_600_000,
  });

  const key = (k: string) => `${prefix}${k}`;
  const recordKey = (id: string) => `${prefix}parley:session:${id}`;
  const indexKey = `${prefix}parley:sessions`;
  const ttl = (ms: number | undefined) => (ms === undefined ? NO_TTL : String(Math.max(0, ms)));

  function recordTtlMs(r: SessionRecord): number {
    const until =
      r.status === 'ended'
        ? Math.max(r.endedAt ?? now(), r.roomDeleteAt ?? 0) + retentionMs
        : r.expiresAt + graceMs;
    return Math.max(1000, Math.round(until - now()));
  }

  function parse(raw: unknown): SessionRecord | undefined {
    return typeof raw === 'string' ? (JSON.parse(raw) as SessionRecord) : undefined;
  }

  async function put(record: SessionRecord) {
    await run(
      PUT_RECORD,
      [recordKey(record.id), indexKey],
      [JSON.stringify(record), String(recordTtlMs(record)), record.id],
    );
  }

  return {
    events,
    async get(id) {
      return parse(await command(['GET', recordKey(id)]));
    },
    put,
    async update(id, mutate) {
      for (let attempt = 0; attempt < MAX_SWAPS; attempt++) {
        const raw = await command(['GET', recordKey(id)]);
        const current = parse(raw);
        if (!current) return undefined;
        const next = mutate(structuredClone(current));
        if (!next) return current;
        const json = JSON.stringify(next);
        const args = [raw as string, json, String(recordTtlMs(next))];
        if ((await run(SWAP_RECORD, [recordKey(id)], args)) === 1) return parse(json);
      }
      throw new StoreUnavailableError('store-unavailable', {
        message: 'The session record is too contended; try again.',
      });
    },
    async delete(id) {
      await run(DELETE_RECORD, [recordKey(id), indexKey], [id]);
    },
    async list() {
      const ids = (await command(['SMEMBERS', indexKey])) as string[];
      const records: SessionRecord[] = [];
      const gone: string[] = [];
      for (let i = 0; i < ids.length; i += 200) {
        const chunk = ids.slice(i, i + 200);
        const raws = (await command(['MGET', ...chunk.map(recordKey)])) as unknown[];
        raws.forEach((raw, j) => {
          const record = parse(raw);
          if (record) records.push(record);
          else gone.push(chunk[j]!);
        });
      }
      if (gone.length > 0) {
        await run(PRUNE_INDEX, [indexKey, ...gone.map(recordKey)], gone);
      }
      return records;
    },
    async getValue(k) {
      const value = await command(['GET', key(k)]);
      return typeof value === 'string' ? value : undefined;
    },
    async setValue(k, value, ttlMs) {
      await command(
        ttlMs === undefined ? ['SET', key(k), value] : ['SET', key(k), value, 'PX', ttl(ttlMs)],
      );
    },
    async deleteValue(k, ifValue) {
      if (ifValue === undefined) await command(['DEL', key(k)]);
      else await run(DELETE_IF, [key(k)], [ifValue]);
    },
    async increment(k, by, ttlMs) {
      return Number(await run(INCREMENT, [key(k)], [String(by), ttl(ttlMs)]));
    },
    async setIfAbsent(k, value, ttlMs) {
      const args = ['SET', key(k), value, 'NX'];
      if (ttlMs !== undefined) args.push('PX', ttl(ttlMs));
      return (await command(args)) === 'OK';
    },
    async reserve(reservation: Reservation): Promise<ReserveResult> {
      const { absent = [], counters = [], slots = [], claims = [], record } = reservation;
      const keys = [
        ...absent.map((a) => key(a.key)),
        ...counters.map((c) => key(c.key)),
        ...slots.map((s) => key(s.key)),
        ...claims.map((c) => key(c.key)),
        ...(record ? [recordKey(record.id), indexKey] : []),
      ];
      const args = [
        String(absent.length),
        String(counters.length),
        String(slots.length),
        String(claims.length),
        record ? '1' : '0',
        ...absent.map((a) => a.code),
        ...counters.flatMap((c) => [String(c.limit), c.code, ttl(c.ttlMs)]),
        ...slots.flatMap((s) => [s.member, String(s.limit), s.code, ttl(s.ttlMs)]),
        ...claims.flatMap((c) => [c.value, ttl(c.ttlMs)]),
        ...(record ? [JSON.stringify(record), String(recordTtlMs(record)), record.id] : []),
      ];
      const reply = (await run(RESERVE, keys, args)) as [number, string?, number?];
      if (reply[0] === 1) return { ok: true };
      const life = Number(reply[2]);
      return { ok: false, code: String(reply[1]), retryAfterMs: life >= 0 ? life : undefined };
    },
    async releaseSlot(k, member) {
      await command(['ZREM', key(k), member]);
    },
    async release(release: Release) {
      const { slots = [], claims = [], values = [], allowance, refunds = [] } = release;
      const keys = [
        ...slots.map((s) => key(s.key)),
        ...claims.map((c) => key(c.key)),
        ...values.map((x) => key(x.key)),
        ...(allowance ? [key(allowance.key), key(allowance.sets.key)] : []),
        ...refunds.map(key),
      ];
      const args = [
        String(slots.length),
        String(claims.length),
        String(values.length),
        allowance ? '1' : '0',
        String(refunds.length),
        ...slots.map((s) => s.member),
        ...claims.map((c) => c.value),
        ...values.flatMap((x) => [x.value, ttl(Math.max(1, x.ttlMs))]),
        ...(allowance
          ? [
              String(allowance.limit),
              ttl(Math.max(1, allowance.ttlMs)),
              allowance.sets.value,
              ttl(Math.max(1, allowance.sets.ttlMs)),
            ]
          : []),
      ];
      await run(RELEASE, keys, args);
    },
    async close() {
      await events.shutdown();
      await connection.close();
    },
  };
}
