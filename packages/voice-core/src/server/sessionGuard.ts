import { HttpError, type HttpErrorCode } from './httpErrors';
import type { SessionRecord, SessionStore } from './sessionStore';

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
}

export const DEFAULT_LIMITS: GuardLimits = {
  maxConcurrent: 5,
  perUserDaily: 10,
  cooldownMs: 30_000,
  dailyBudget: 100,
  hardMs: 10 * 60_000,
  idleMs: 2 * 60_000,
  warnMs: 2 * 60_000,
  idleWarnMs: 30_000,
  capacityRetryMs: 15_000,
};

/** What the sweeper should do with a live session now. */
export type GuardVerdict =
  | { action: 'end'; reason: 'hard-timeout' | 'idle-timeout' }
  | { action: 'warn'; kind: 'hard' | 'idle'; remainingMs: number }
  | undefined;

export interface SessionGuard {
  readonly limits: GuardLimits;
  /**
   * Atomically checks every start limit, reserves a slot and stores the new (`starting`)
   * record, or throws a 429 {@link HttpError}.
   */
  admit(record: SessionRecord): Promise<void>;
  /** Gives the slot and the user's lock back (safe to repeat). */
  release(
    record: Pick<SessionRecord, 'id' | 'userId'>,
    options: { cooldown: boolean },
  ): Promise<void>;
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
};

export function createSessionGuard(options: {
  store: SessionStore;
  now: () => number;
  limits?: Partial<GuardLimits>;
}): SessionGuard {
  const { store, now } = options;
  const limits: GuardLimits = { ...DEFAULT_LIMITS, ...options.limits };

  return {
    limits,
    async admit(record) {
      const { userId, id: sessionId } = record;
      const t = now();
      const day = new Date(t).toISOString().slice(0, 10);
      const untilMidnight = DAY_MS - (t % DAY_MS);
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
        ],
        slots: [
          {
            key: keys.slots,
            member: sessionId,
            limit: limits.maxConcurrent,
            code: 'capacity',
            ttlMs: limits.hardMs + CLAIM_GRACE_MS,
          },
        ],
        claims: [
          { key: keys.active(userId), value: sessionId, ttlMs: limits.hardMs + CLAIM_GRACE_MS },
        ],
        record,
      });
      if (result.ok) return;
      const code = result.code as HttpErrorCode;
      const retryMs =
        code === 'capacity'
          ? limits.capacityRetryMs
          : code === 'session-active'
            ? 1000
            : result.retryAfterMs;
      throw new HttpError(code, { retryAfterMs: retryMs ?? 1000 });
    },
    async release(record, { cooldown }) {
      // Each step is idempotent: an end retried after a store failure gives back nothing twice.
      await store.releaseSlot(keys.slots, record.id);
      await store.deleteValue(keys.active(record.userId), record.id);
      if (cooldown && limits.cooldownMs > 0) {
        await store.setValue(keys.cooldown(record.userId), record.id, limits.cooldownMs);
      }
    },
    activeSessionOf: (userId) => store.getValue(keys.active(userId)),
    check(record, at) {
      if (at >= record.expiresAt) return { action: 'end', reason: 'hard-timeout' };
      const idleAt = record.lastActiveAt + limits.idleMs;
      if (at >= idleAt) return { action: 'end', reason: 'idle-timeout' };
      if (!record.warnedHard && at >= record.expiresAt - limits.warnMs) {
        return { action: 'warn', kind: 'hard', remainingMs: record.expiresAt - at };
      }
      if (
        record.warnedIdleFor !== record.lastActiveAt &&
        at >= idleAt - limits.idleWarnMs &&
        idleAt < record.expiresAt
      ) {
        return { action: 'warn', kind: 'idle', remainingMs: idleAt - at };
      }
      return undefined;
    },
  };
}
