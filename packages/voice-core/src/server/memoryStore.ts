import type {
  Release,
  Reservation,
  ReserveResult,
  SessionRecord,
  SessionStore,
} from './sessionStore';

export interface MemoryStoreOptions {
  /** Clock for key expiry (default `Date.now`); share the handler's clock in tests. */
  now?: () => number;
  /**
   * Expired keys are swept at most this often, ms (default 10000), on the next write: a key
   * nobody reads again (a webhook's dedupe id) is still freed.
   */
  pruneIntervalMs?: number;
}

/** The in-memory store, with its size for tests and diagnostics. */
export interface MemoryStore extends SessionStore {
  /** How many records, keys and slot members it holds now. */
  stats(): { sessions: number; values: number; slots: number };
}

interface Entry {
  value: string;
  expiresAt: number | undefined;
}

/**
 * In-process {@link SessionStore}: one backend instance only. Each method runs without an
 * `await` inside, so on a single JS thread every call, `reserve` included, is atomic.
 * Records are copied in and out so callers cannot mutate stored state by accident.
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  const now = options.now ?? Date.now;
  const pruneIntervalMs = options.pruneIntervalMs ?? 10_000;
  let prunedAt = now();
  const sessions = new Map<string, SessionRecord>();
  const values = new Map<string, Entry>();
  /** Slot sets: member → expiry. */
  const slots = new Map<string, Map<string, number>>();
  const copy = (r: SessionRecord): SessionRecord => structuredClone(r);

  function live(key: string): Entry | undefined {
    const entry = values.get(key);
    if (entry && entry.expiresAt !== undefined && entry.expiresAt <= now()) {
      values.delete(key);
      return undefined;
    }
    return entry;
  }
  const remaining = (entry: Entry | undefined) =>
    entry?.expiresAt === undefined ? undefined : Math.max(0, entry.expiresAt - now());
  const expiry = (ttlMs: number | undefined) => {
    prune();
    return ttlMs === undefined ? undefined : now() + ttlMs;
  };

  /** Drops every expired key and slot member, amortised over writes. */
  function prune() {
    const t = now();
    if (t - prunedAt < pruneIntervalMs) return;
    prunedAt = t;
    for (const [key, entry] of values) {
      if (entry.expiresAt !== undefined && entry.expiresAt <= t) values.delete(key);
    }
    for (const [key, set] of slots) {
      for (const [member, expiresAt] of set) if (expiresAt <= t) set.delete(member);
      if (set.size === 0) slots.delete(key);
    }
  }

  /** The live members of a slot set, expired ones dropped. */
  function slotSet(key: string): Map<string, number> {
    let set = slots.get(key);
    if (!set) {
      set = new Map();
      slots.set(key, set);
    }
    const t = now();
    for (const [member, expiresAt] of set) if (expiresAt <= t) set.delete(member);
    return set;
  }

  return {
    async get(id) {
      const r = sessions.get(id);
      return r ? copy(r) : undefined;
    },
    async put(record) {
      sessions.set(record.id, copy(record));
    },
    async update(id, mutate) {
      const current = sessions.get(id);
      if (!current) return undefined;
      const next = mutate(copy(current));
      if (next) sessions.set(id, copy(next));
      return copy(sessions.get(id)!);
    },
    async delete(id) {
      sessions.delete(id);
    },
    async list() {
      return Array.from(sessions.values(), copy);
    },
    async getValue(key) {
      return live(key)?.value;
    },
    async setValue(key, value, ttlMs) {
      values.set(key, { value, expiresAt: expiry(ttlMs) });
    },
    async deleteValue(key, ifValue) {
      if (ifValue === undefined || live(key)?.value === ifValue) values.delete(key);
    },
    async increment(key, by, ttlMs) {
      const entry = live(key);
      const value = (entry ? Number(entry.value) : 0) + by;
      values.set(key, { value: String(value), expiresAt: entry ? entry.expiresAt : expiry(ttlMs) });
      return value;
    },
    async setIfAbsent(key, value, ttlMs) {
      if (live(key)) return false;
      values.set(key, { value, expiresAt: expiry(ttlMs) });
      return true;
    },
    async reserve(reservation: Reservation): Promise<ReserveResult> {
      for (const { key, code } of reservation.absent ?? []) {
        const entry = live(key);
        if (entry) return { ok: false, code, retryAfterMs: remaining(entry) };
      }
      for (const { key, limit, code } of reservation.counters ?? []) {
        const entry = live(key);
        if ((entry ? Number(entry.value) : 0) + 1 > limit) {
          return { ok: false, code, retryAfterMs: remaining(entry) };
        }
      }
      for (const { key, member, limit, code } of reservation.slots ?? []) {
        const set = slotSet(key);
        if (!set.has(member) && set.size + 1 > limit) {
          const next = Math.min(...set.values());
          return { ok: false, code, retryAfterMs: Math.max(0, next - now()) };
        }
      }
      for (const { key, ttlMs } of reservation.counters ?? []) {
        const entry = live(key);
        values.set(key, {
          value: String((entry ? Number(entry.value) : 0) + 1),
          expiresAt: entry ? entry.expiresAt : expiry(ttlMs),
        });
      }
      for (const { key, member, ttlMs } of reservation.slots ?? []) {
        slotSet(key).set(member, now() + ttlMs);
      }
      for (const { key, value, ttlMs } of reservation.claims ?? []) {
        values.set(key, { value, expiresAt: expiry(ttlMs) });
      }
      if (reservation.record) sessions.set(reservation.record.id, copy(reservation.record));
      return { ok: true };
    },
    async releaseSlot(key, member) {
      slots.get(key)?.delete(member);
    },
    async release(release: Release) {
      let held = false;
      (release.slots ?? []).forEach(({ key, member }, i) => {
        const had = slotSet(key).delete(member);
        if (i === 0) held = had;
      });
      for (const { key, value } of release.claims ?? []) {
        if (live(key)?.value === value) values.delete(key);
      }
      for (const { key, value, ttlMs } of release.values ?? []) {
        values.set(key, { value, expiresAt: expiry(ttlMs) });
      }
      const a = release.allowance;
      if (a) {
        const entry = live(a.key);
        const count = (entry ? Number(entry.value) : 0) + 1;
        values.set(a.key, { value: String(count), expiresAt: entry?.expiresAt ?? expiry(a.ttlMs) });
        if (count > a.limit)
          values.set(a.sets.key, { value: a.sets.value, expiresAt: expiry(a.sets.ttlMs) });
      }
      if (held) {
        for (const key of release.refunds ?? []) {
          const entry = live(key);
          if (entry && Number(entry.value) > 0) entry.value = String(Number(entry.value) - 1);
        }
      }
    },
    stats() {
      let slotCount = 0;
      for (const set of slots.values()) slotCount += set.size;
      return { sessions: sessions.size, values: values.size, slots: slotCount };
    },
  };
}
