import { HttpError, type HttpErrorCode } from './httpErrors';
import type { CooldownKind } from './serverEndReason';
import type { Reservation, SessionRecord, SessionStore } from './sessionStore';

/**
 * Every cost limit of the backend, all configurable. The defaults are deliberately tight
 * (short sessions, a few per user a day, a small shared daily budget): every session bills
 * vendor minutes, so a leaked page or a runaway client must hit a limit long before the bill
 * grows.
 */
export interface GuardLimits {
  /** Sessions live at once across all users. */
  maxConcurrent: number;
  /** Sessions a user may start per UTC day. */
  perUserDaily: number;
  /** Wait after a user's session ends before they may start another, ms. */
  cooldownMs: number;
  /** Sessions started per UTC day across all users. */
  dailyBudget: number;
  /** Hard maximum duration of a session, ms. */
  hardMs: number;
  /** A session with no activity this long ends, ms. */
  idleMs: number;
  /** Lead time of the `warning` event before the hard limit, ms. */
  warnMs: number;
  /** Lead time of the `warning` event before the idle limit, ms (shorter: idle is short). */
  idleWarnMs: number;
  /** `Retry-After` hint when the concurrency cap refuses, ms. */
  capacityRetryMs: number;
  /**
   * A live session whose page sent no heartbeat for this long ends `client-lost`, whatever
   * the idle clock says, ms (0 disables). Four periods of the browser's 15 s heartbeat.
   */
  clientLostMs: number;
  /**
   * Ends in one cooldown window that spare the user the cooldown because the session never
   * became active (a failed connect) or the page left (a reload). The next one sets it.
   */
  freeRestarts: number;
  /** Heartbeats a session may send per minute; more answer 429 `rate-limited`. */
  heartbeatsPerMinute: number;
}

/**
 * Limits per client address, for apps without their own sign-in (anonymous mode), where a
 * client can shed its anonymous id by dropping a cookie. Every field is a cap; 0 disables it.
 */
export interface AddressLimits {
  /** Sessions starting or live at once from one address. */
  maxConcurrent: number;
  /** Starts admitted per minute from one address. */
  startsPerMinute: number;
  /** Starts admitted per UTC day from one address. */
  daily: number;
}

export const DEFAULT_ADDRESS_LIMITS: AddressLimits = {
  maxConcurrent: 2,
  startsPerMinute: 4,
  daily: 20,
};

export const DEFAULT_LIMITS: GuardLimits = {
  maxConcurrent: 5,
  perUserDaily: 10,
  cooldownMs: 30_000,
  dailyBudget: 100,
  hardMs: 10 * 60_000,
  idleMs: 2 * 60_000,
  // Well inside both limits, so a normal conversation sees no warning.
  warnMs: 60_000,
  idleWarnMs: 30_000,
  capacityRetryMs: 15_000,
  clientLostMs: 60_000,
  freeRestarts: 1,
  heartbeatsPerMinute: 12,
};

/** What the sweeper should do with a live session now. */
export type GuardVerdict =
  | { action: 'end'; reason: 'hard-timeout' | 'idle-timeout' | 'client-lost' }
  | { action: 'warn'; kind: 'hard' | 'idle'; remainingMs: number }
  | undefined;

export interface SessionGuard {
  readonly limits: GuardLimits;
  /**
   * Atomically checks every start limit, reserves a slot and stores the new (`starting`)
   * record, or throws a 429 {@link HttpError}.
   */
  admit(record: SessionRecord): Promise<void>;
  /**
   * Gives the slot and the user's lock back and sets the cooldown, in one atomic step (safe
   * to repeat). `refund` gives the day's counts back too.
   */
  release(
    record: Pick<SessionRecord, 'id' | 'userId' | 'startedAt' | 'clientKey'>,
    options: { cooldown: CooldownKind; refund?: boolean | undefined },
  ): Promise<void>;
  /** Counts one heartbeat of the session; false when over the per-minute limit. */
  heartbeatAllowed(sessionId: string): Promise<boolean>;
  /** The session holding the user's slot (starting or live), if any. */
  activeSessionOf(userId: string): Promise<string | undefined>;
  /** Pure: the verdict on one live session at time `at`. */
  check(record: SessionRecord, at: number): GuardVerdict;
}

const DAY_MS = 86_400_000;
/**
 * The user's lock and the concurrency slot outlive the hard maximum by this much: a process
 * that dies mid-session cannot hold either forever, while the sweeper (any instance) ends
 * the session at its deadline well before.
 */
const CLAIM_GRACE_MS = 60_000;
const keys = {
  active: (userId: string) => `parley:active:${userId}`,
  cooldown: (userId: string) => `parley:cooldown:${userId}`,
  /** A slot set (one member per session, each with its own expiry), not a counter. */
  slots: 'parley:slots',
  budget: (day: string) => `parley:budget:${day}`,
  userDay: (userId: string, day: string) => `parley:user-day:${day}:${userId}`,
  restarts: (userId: string) => `parley:restarts:${userId}`,
  clientSlots: (client: string) => `parley:client-slots:${client}`,
  clientDay: (client: string, day: string) => `parley:client-day:${day}:${client}`,
  clientRate: (client: string, minute: number) => `parley:client-rate:${minute}:${client}`,
  heartbeats: (sessionId: string, minute: number) => `parley:beats:${minute}:${sessionId}`,
};
const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);

export function createSessionGuard(options: {
  store: SessionStore;
  now: () => number;
  limits?: Partial<GuardLimits>;
  /** Applied to records that carry a `clientKey`. */
  addressLimits?: AddressLimits;
}): SessionGuard {
  const { store, now } = options;
  const limits: GuardLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const client = options.addressLimits ?? DEFAULT_ADDRESS_LIMITS;

  /** The per-address part of an admission (anonymous mode). */
  function clientChecks(key: string, t: number, day: string, untilMidnight: number) {
    const counters: NonNullable<Reservation['counters']> = [];
    const slots: NonNullable<Reservation['slots']> = [];
    if (client.startsPerMinute > 0) {
      const minute = Math.floor(t / 60_000);
      counters.push({
        key: keys.clientRate(key, minute),
        limit: client.startsPerMinute,
        code: 'client-rate',
        ttlMs: (minute + 1) * 60_000 - t,
      });
    }
    if (client.daily > 0) {
      counters.push({
        key: keys.clientDay(key, day),
        limit: client.daily,
        code: 'client-cap',
        ttlMs: untilMidnight,
      });
    }
    if (client.maxConcurrent > 0) {
      slots.push({
        key: keys.clientSlots(key),
        member: '',
        limit: client.maxConcurrent,
        code: 'client-capacity',
        ttlMs: limits.hardMs + CLAIM_GRACE_MS,
      });
    }
    return { counters, slots };
  }

  return {
    limits,
    async admit(record) {
      const { userId, id: sessionId } = record;
      const t = now();
      const day = dayOf(t);
      const untilMidnight = DAY_MS - (t % DAY_MS);
      const extra = record.clientKey
        ? clientChecks(record.clientKey, t, day, untilMidnight)
        : { counters: [], slots: [] };
      for (const slot of extra.slots) slot.member = sessionId;
      const result = await store.reserve({
        absent: [
          { key: keys.active(userId), code: 'session-active' },
          { key: keys.cooldown(userId), code: 'cooldown' },
        ],
        counters: [
          {
            key: keys.budget(day),
            limit: limits.dailyBudget,
            code: 'budget',
            ttlMs: untilMidnight,
          },
          {
            key: keys.userDay(userId, day),
            limit: limits.perUserDaily,
            code: 'user-cap',
            ttlMs: untilMidnight,
          },
          ...extra.counters,
        ],
        slots: [
          {
            key: keys.slots,
            member: sessionId,
            limit: limits.maxConcurrent,
            code: 'capacity',
            ttlMs: limits.hardMs + CLAIM_GRACE_MS,
          },
          ...extra.slots,
        ],
        claims: [
          { key: keys.active(userId), value: sessionId, ttlMs: limits.hardMs + CLAIM_GRACE_MS },
        ],
        record,
      });
      if (result.ok) return;
      const code = result.code as HttpErrorCode;
      const retryMs =
        code === 'capacity' || code === 'client-capacity'
          ? limits.capacityRetryMs
          : code === 'session-active'
            ? 1000
            : result.retryAfterMs;
      throw new HttpError(code, { retryAfterMs: retryMs ?? 1000 });
    },
    async release(record, { cooldown, refund }) {
      // One atomic step: the lock never disappears before the cooldown is there, and a
      // release repeated after a store failure gives nothing back twice.
      const day = dayOf(record.startedAt);
      const cooldownValue = {
        key: keys.cooldown(record.userId),
        value: record.id,
        ttlMs: limits.cooldownMs,
      };
      const on = limits.cooldownMs > 0;
      await store.release({
        slots: [
          { key: keys.slots, member: record.id },
          ...(record.clientKey
            ? [{ key: keys.clientSlots(record.clientKey), member: record.id }]
            : []),
        ],
        claims: [{ key: keys.active(record.userId), value: record.id }],
        values: on && cooldown === 'full' ? [cooldownValue] : [],
        ...(on && cooldown === 'soft'
          ? {
              allowance: {
                key: keys.restarts(record.userId),
                limit: limits.freeRestarts,
                ttlMs: limits.cooldownMs,
                sets: cooldownValue,
              },
            }
          : {}),
        refunds: refund
          ? [
              keys.budget(day),
              keys.userDay(record.userId, day),
              ...(record.clientKey ? [keys.clientDay(record.clientKey, day)] : []),
            ]
          : [],
      });
    },
    async heartbeatAllowed(sessionId) {
      const t = now();
      const minute = Math.floor(t / 60_000);
      const count = await store.increment(
        keys.heartbeats(sessionId, minute),
        1,
        (minute + 1) * 60_000 - t,
      );
      return count <= limits.heartbeatsPerMinute;
    },
    activeSessionOf: (userId) => store.getValue(keys.active(userId)),
    check(record, at) {
      if (at >= record.expiresAt) return { action: 'end', reason: 'hard-timeout' };
      const idleAt = record.lastActiveAt + limits.idleMs;
      if (at >= idleAt) return { action: 'end', reason: 'idle-timeout' };
      const seenAt = record.lastSeenAt ?? record.lastActiveAt;
      if (limits.clientLostMs > 0 && at >= seenAt + limits.clientLostMs) {
        return { action: 'end', reason: 'client-lost' };
      }
      // Each warning once per deadline, inside a window of at most half its limit (the
      // client's guard uses the same rule on the limits it is given, so both warn together).
      const hardWindow = Math.min(limits.warnMs, (record.expiresAt - record.startedAt) / 2);
      if (!record.warnedHard && at >= record.expiresAt - hardWindow) {
        return { action: 'warn', kind: 'hard', remainingMs: record.expiresAt - at };
      }
      if (
        record.warnedIdleFor !== record.lastActiveAt &&
        at >= idleAt - Math.min(limits.idleWarnMs, limits.idleMs / 2) &&
        idleAt < record.expiresAt
      ) {
        return { action: 'warn', kind: 'idle', remainingMs: idleAt - at };
      }
      return undefined;
    },
  };
}
