/**
 * The behaviour every {@link SessionStore} owes the guard and the service, as a vitest suite
 * to run against each adapter (memory, Redis, or your own). Real time with short TTLs, so it
 * needs no fake clock and holds for stores whose expiry runs elsewhere (Redis).
 *
 * It lives in the repository's `packages/voice-core/test/server/` and is not shipped in the
 * package (it imports vitest): an adapter written elsewhere copies this file and points its
 * imports at `@parley/voice-core/server`.
 * @example
 * describeSessionStoreContract('memory', async () => ({ store: createMemoryStore() }));
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  newSessionRecord,
  type SessionRecord,
  type SessionStore,
} from '../../src/server/sessionStore';

export interface ContractSubject {
  store: SessionStore;
  dispose?: () => Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let counter = 0;

/** A fresh `starting` record. */
export function sampleRecord(overrides: Partial<SessionRecord> = {}): SessionRecord {
  const t = Date.now();
  counter += 1;
  return {
    ...newSessionRecord({
      id: `ses_contract_${counter}_${Math.random().toString(36).slice(2, 8)}`,
      userId: `user-${counter}`,
      botName: 'Parley',
      assistant: { persona: 'coach' },
      persistenceS: 0,
      startedAt: t,
      expiresAt: t + 60_000,
    }),
    ...overrides,
  };
}

export function describeSessionStoreContract(
  name: string,
  create: () => Promise<ContractSubject>,
): void {
  describe(`SessionStore contract: ${name}`, () => {
    let subject: ContractSubject;
    let store: SessionStore;
    beforeEach(async () => {
      subject = await create();
      store = subject.store;
    });
    afterEach(async () => {
      await subject.dispose?.();
    });

    it('stores, lists and deletes records, handing out copies', async () => {
      const a = sampleRecord();
      const b = sampleRecord({ status: 'live' });
      await store.put(a);
      await store.put(b);
      expect(await store.get(a.id)).toEqual(a);
      expect(await store.get('ses_missing')).toBeUndefined();
      const got = (await store.get(a.id))!;
      got.llmCalls = 99;
      expect((await store.get(a.id))?.llmCalls).toBe(0);
      expect((await store.list()).map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
      await store.delete(a.id);
      expect(await store.get(a.id)).toBeUndefined();
      expect((await store.list()).map((r) => r.id)).toEqual([b.id]);
    });

    it('update writes the mutation, keeps the record on null, skips missing ids', async () => {
      const r = sampleRecord();
      await store.put(r);
      expect(await store.update(r.id, (x) => ({ ...x, status: 'live' }))).toMatchObject({
        status: 'live',
      });
      expect(await store.update(r.id, () => null)).toMatchObject({ id: r.id, status: 'live' });
      let called = false;
      expect(
        await store.update('ses_missing', (x) => {
          called = true;
          return x;
        }),
      ).toBeUndefined();
      expect(called).toBe(false);
    });

    it('update is atomic: 40 concurrent increments all land, one of 20 claims wins', async () => {
      const r = sampleRecord();
      await store.put(r);
      await Promise.all(
        Array.from({ length: 40 }, () =>
          store.update(r.id, (x) => ({ ...x, llmCalls: x.llmCalls + 1 })),
        ),
      );
      expect((await store.get(r.id))?.llmCalls).toBe(40);
      const wins = await Promise.all(
        Array.from({ length: 20 }, async () => {
          let won = false;
          await store.update(r.id, (x) => {
            won = x.status !== 'ended';
            return won ? { ...x, status: 'ended' } : null;
          });
          return won;
        }),
      );
      expect(wins.filter(Boolean)).toHaveLength(1);
    });

    it('values expire with their TTL; deleteValue honours ifValue', async () => {
      await store.setValue('k:plain', 'a');
      await store.setValue('k:short', 'b', 80);
      expect(await store.getValue('k:plain')).toBe('a');
      expect(await store.getValue('k:short')).toBe('b');
      await sleep(200);
      expect(await store.getValue('k:short')).toBeUndefined();
      await store.deleteValue('k:plain', 'other');
      expect(await store.getValue('k:plain')).toBe('a');
      await store.deleteValue('k:plain', 'a');
      expect(await store.getValue('k:plain')).toBeUndefined();
      await store.setValue('k:plain', 'c');
      await store.deleteValue('k:plain');
      expect(await store.getValue('k:plain')).toBeUndefined();
    });

    it('setIfAbsent claims once until the claim expires', async () => {
      expect(await store.setIfAbsent('k:once', '1', 80)).toBe(true);
      expect(await store.setIfAbsent('k:once', '2', 80)).toBe(false);
      expect(await store.getValue('k:once')).toBe('1');
      await sleep(200);
      expect(await store.setIfAbsent('k:once', '3')).toBe(true);
    });

    it('50 concurrent setIfAbsent on one key: exactly one claims it (a start key, a tombstone)', async () => {
      const claims = await Promise.all(
        Array.from({ length: 50 }, (_, i) => store.setIfAbsent('k:start', `ses_${i}`, 5000)),
      );
      const winner = claims.indexOf(true);
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await store.getValue('k:start')).toBe(`ses_${winner}`);
      // Freed only by its holder: a failed start gives its key back, never another's.
      await store.deleteValue('k:start', 'ses_other');
      expect(await store.getValue('k:start')).toBe(`ses_${winner}`);
      await store.deleteValue('k:start', `ses_${winner}`);
      expect(await store.setIfAbsent('k:start', '-', 5000)).toBe(true);
    });

    it('increment counts both ways; the TTL is set on creation only', async () => {
      expect(await store.increment('k:n', 1, 150)).toBe(1);
      await sleep(50);
      expect(await store.increment('k:n', 2, 10_000)).toBe(3);
      expect(await store.increment('k:n', -1)).toBe(2);
      await sleep(200);
      expect(await store.getValue('k:n')).toBeUndefined();
      expect(await store.increment('k:n', -1)).toBe(-1);
    });

    it('reserve refuses on the first failing check and then writes nothing', async () => {
      await store.setValue('g:lock', 'x', 5000);
      const record = sampleRecord();
      const reservation = {
        absent: [{ key: 'g:lock', code: 'locked' }],
        counters: [{ key: 'g:count', limit: 1, code: 'count', ttlMs: 5000 }],
        slots: [{ key: 'g:slots', member: record.id, limit: 1, code: 'full', ttlMs: 5000 }],
        claims: [{ key: 'g:claim', value: record.id, ttlMs: 5000 }],
        record,
      };
      const locked = await store.reserve(reservation);
      expect(locked).toMatchObject({ ok: false, code: 'locked' });
      expect(locked.ok === false && locked.retryAfterMs).toBeGreaterThan(4000);
      expect(await store.getValue('g:count')).toBeUndefined();
      expect(await store.getValue('g:claim')).toBeUndefined();
      expect(await store.get(record.id)).toBeUndefined();

      await store.deleteValue('g:lock');
      expect(await store.reserve(reservation)).toEqual({ ok: true });
      expect(await store.getValue('g:count')).toBe('1');
      expect(await store.getValue('g:claim')).toBe(record.id);
      expect(await store.get(record.id)).toEqual(record);

      const other = sampleRecord();
      const second = { ...reservation, record: other, absent: [] };
      second.slots = [{ ...reservation.slots[0]!, member: other.id }];
      expect(await store.reserve(second)).toMatchObject({ ok: false, code: 'count' });
      expect(await store.reserve({ slots: second.slots })).toMatchObject({
        ok: false,
        code: 'full',
      });
      expect(await store.get(other.id)).toBeUndefined();
    });

    it('slots free themselves at their TTL and on release, never twice', async () => {
      const slot = (member: string, ttlMs = 5000) => ({
        slots: [{ key: 's:cap', member, limit: 2, code: 'capacity', ttlMs }],
      });
      expect(await store.reserve(slot('a', 100))).toEqual({ ok: true });
      expect(await store.reserve(slot('b'))).toEqual({ ok: true });
      const full = await store.reserve(slot('c'));
      expect(full).toMatchObject({ ok: false, code: 'capacity' });
      expect(full.ok === false && full.retryAfterMs).toBeLessThanOrEqual(100);
      await sleep(200);
      expect(await store.reserve(slot('c'))).toEqual({ ok: true });
      await store.releaseSlot('s:cap', 'b');
      await store.releaseSlot('s:cap', 'b');
      await store.releaseSlot('s:cap', 'never-held');
      expect(await store.reserve(slot('d'))).toEqual({ ok: true });
      // Releasing twice gave back one slot, not two.
      expect(await store.reserve(slot('e'))).toMatchObject({ ok: false, code: 'capacity' });
    });

    it('100 concurrent reservations under a cap of 5 admit exactly 5', async () => {
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          store.reserve({
            absent: [{ key: `u:${i % 50}:lock`, code: 'session-active' }],
            slots: [{ key: 'c:cap', member: `m${i}`, limit: 5, code: 'capacity', ttlMs: 5000 }],
            claims: [{ key: `u:${i % 50}:lock`, value: `m${i}`, ttlMs: 5000 }],
          }),
        ),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(5);
    });

    it('release gives back, clears and sets in one step; refunds only once', async () => {
      const p = `c${Math.random().toString(36).slice(2, 8)}:`;
      const counter = `${p}budget`;
      await store.increment(counter, 3, 60_000);
      await store.reserve({
        slots: [{ key: `${p}slots`, member: 's1', limit: 5, code: 'capacity', ttlMs: 60_000 }],
        claims: [{ key: `${p}lock`, value: 's1', ttlMs: 60_000 }],
      });
      const release = {
        slots: [{ key: `${p}slots`, member: 's1' }],
        claims: [{ key: `${p}lock`, value: 's1' }],
        values: [{ key: `${p}cooldown`, value: 's1', ttlMs: 60_000 }],
        refunds: [counter],
      };
      await store.release(release);
      await store.release(release); // repeated: nothing given back twice
      expect(await store.getValue(`${p}lock`)).toBeUndefined();
      expect(await store.getValue(`${p}cooldown`)).toBe('s1');
      expect(await store.getValue(counter)).toBe('2');
      const soft = {
        allowance: {
          key: `${p}restarts`,
          limit: 1,
          ttlMs: 60_000,
          sets: { key: `${p}soft-cooldown`, value: 'x', ttlMs: 60_000 },
        },
      };
      await store.release(soft);
      expect(await store.getValue(`${p}soft-cooldown`)).toBeUndefined();
      await store.release(soft);
      expect(await store.getValue(`${p}soft-cooldown`)).toBe('x');
    });
  });
}
