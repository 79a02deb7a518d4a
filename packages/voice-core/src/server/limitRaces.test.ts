/**
 * Races around every limit: concurrent start / end / beacon / heartbeat / admin shutdown /
 * sweep, their store calls interleaved by fast-check's scheduler, on the memory store and on
 * a real Redis. Each run asserts the concurrency cap and one session per user at every step,
 * the cooldown after every end that sets it, and exactly-once clean-up of every Daily room.
 * `PARLEY_RACE_RUNS` raises the run counts (`pnpm fuzz`).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cooldownViolations,
  raceRig,
  scheduledStore,
  type StoreLog,
} from '../../test/server/raceRig';
import { type RedisTestServer, startRedisServer } from '../../test/server/redisTestServer';
import { createMemoryStore } from './memoryStore';
import { createRedisStore } from './redisStore';
import type { SessionStore } from './sessionStore';

const SCALE = Number(process.env.PARLEY_RACE_RUNS ?? 1);
const CAP = 2;
const USERS = ['u0', 'u1', 'u2'];
const ADMIN = { authorization: 'Bearer race-admin-secret-0123' };

type Step = 'start' | 'beat' | 'end' | 'beacon';
type AdminStep = 'shutdown' | 'sweep' | 'tick';
/** One page (a user's tab) doing its steps in order; pages and the admin run at once. */
interface Plan {
  pages: { user: string; steps: Step[] }[];
  admin: AdminStep[];
}

const stepArb = fc.constantFrom<Step>('start', 'start', 'beat', 'end', 'beacon');
const planArb: fc.Arbitrary<Plan> = fc.record({
  pages: fc.array(
    fc.record({
      user: fc.constantFrom(...USERS),
      // A page starts first; what follows is the user's doing.
      steps: fc
        .array(stepArb, { minLength: 1, maxLength: 4 })
        .map((xs) => ['start' as Step, ...xs]),
    }),
    { minLength: 2, maxLength: 4 },
  ),
  admin: fc.array(fc.constantFrom<AdminStep>('shutdown', 'sweep', 'tick'), { maxLength: 2 }),
});

interface Figures {
  runs: number;
  requests: number;
  interleavings: Set<string>;
  statuses: Record<number, number>;
}

async function oneRun(
  s: fc.Scheduler,
  plan: Plan,
  makeStore: (now: () => number) => Promise<SessionStore & { close?(): Promise<void> }>,
  figures: Figures,
) {
  let t = Date.UTC(2025, 0, 15, 12);
  const now = () => t;
  const inner = await makeStore(now);
  const log: StoreLog = { tick: 0, admitted: [], ended: [], maxHeld: 0 };
  const store = scheduledStore(inner, s, log);
  const rig = raceRig(store, now, {
    limits: { maxConcurrent: CAP, cooldownMs: 3_600_000, dailyBudget: 1000, perUserDaily: 1000 },
  });
  const page = async (user: string, steps: Step[]) => {
    let sessionId = 'ses_none';
    const statuses: number[] = [];
    for (const step of steps) {
      let res: Response;
      if (step === 'start') {
        res = await rig.call('POST', '/session', user, {});
        if (res.ok) sessionId = ((await res.json()) as { sessionId: string }).sessionId;
      } else if (step === 'beat') {
        res = await rig.call('POST', '/session/heartbeat', user, {
          sessionId,
          active: true,
          at: 1,
        });
      } else if (step === 'end') {
        // The client claims a failure: the server must not believe it.
        res = await rig.call('DELETE', '/session', user, { sessionId, reason: 'start-failed' });
      } else {
        res = await rig.call('POST', '/session/end', user, { sessionId }, 'text/plain');
      }
      statuses.push(res.status);
    }
    return statuses;
  };
  const run = async (op: AdminStep): Promise<number> => {
    switch (op) {
      case 'shutdown':
        return (
          await rig.handler(
            new Request('http://127.0.0.1/api/voice/admin/shutdown', {
              method: 'POST',
              headers: ADMIN,
            }),
          )
        ).status;
      case 'sweep':
        await rig.handler.sweep();
        return 200;
      case 'tick':
        t += 61_000; // past the start timeout and the client-lost limit, inside the cooldown
        await rig.handler.sweep();
        return 200;
    }
  };

  /** Checked after every store step: never more than CAP holders, never two per user. */
  const heldNow = async () => (await inner.list()).filter((r) => r.status !== 'ended');
  const violations: string[] = [];
  let done = false;
  const all = Promise.all([
    ...plan.pages.map((p) => page(p.user, p.steps)),
    ...plan.admin.map(async (op) => [await run(op)]),
  ]).finally(() => {
    done = true;
  });
  while (!done) {
    if (s.count() > 0) {
      await s.waitOne();
      const held = await heldNow();
      if (held.length > CAP) violations.push(`${held.length} sessions held at once`);
      const users = held.map((r) => r.userId);
      if (new Set(users).size !== users.length)
        violations.push(`two sessions of one user: ${users}`);
    } else {
      await new Promise((r) => setImmediate(r));
    }
  }
  const statuses = (await all).flat();
  for (const st of statuses) figures.statuses[st] = (figures.statuses[st] ?? 0) + 1;
  figures.requests += statuses.length;
  figures.runs++;
  figures.interleavings.add(
    s
      .report()
      .map((r) => r.label)
      .join(','),
  );

  // Let every background step finish, then end everything and sweep past every window.
  const drain = async (work: Promise<unknown>) => {
    let finished = false;
    void work.finally(() => {
      finished = true;
    });
    while (!finished) {
      if (s.count() > 0) await s.waitAll();
      else await new Promise((r) => setImmediate(r));
    }
    await work;
  };
  await drain(rig.handler.settled());
  await drain(rig.handler.endAll('shutdown'));
  t += 3_600_000;
  await drain(rig.handler.sweep());
  await drain(rig.handler.sweep());

  expect(violations).toEqual([]);
  expect(cooldownViolations(log)).toEqual([]);
  expect((await inner.list()).filter((r) => r.status !== 'ended')).toEqual([]);
  // Exactly-once clean-up: every room made was deleted once, none is left.
  expect(rig.daily.rooms.size).toBe(0);
  for (const [name, n] of rig.daily.created) expect(rig.daily.deleted.get(name)).toBe(n);
  expect(rig.launches.length).toBeLessThanOrEqual(log.admitted.length);
  await inner.close?.();
}

function report(name: string, figures: Figures, startedAt: number) {
  console.log(
    `[races:${name}] runs=${figures.runs} requests=${figures.requests} ` +
      `distinct interleavings=${figures.interleavings.size} statuses=${JSON.stringify(figures.statuses)} ` +
      `duration=${Date.now() - startedAt} ms`,
  );
}

const newFigures = (): Figures => ({
  runs: 0,
  requests: 0,
  interleavings: new Set(),
  statuses: {},
});

describe('limit races', () => {
  let redis: RedisTestServer;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.close();
  });

  it(
    'memory store: caps, cooldown and clean-up hold under every interleaving',
    async () => {
      const figures = newFigures();
      const t0 = Date.now();
      await fc.assert(
        fc.asyncProperty(fc.scheduler(), planArb, (s, plan) =>
          oneRun(s, plan, async (now) => createMemoryStore({ now }), figures),
        ),
        { numRuns: 400 * SCALE, seed: 1313 },
      );
      report('memory', figures, t0);
      expect(figures.interleavings.size).toBeGreaterThan(300);
    },
    30_000 * SCALE,
  );

  it(
    'Redis store: the same properties',
    async () => {
      const figures = newFigures();
      const t0 = Date.now();
      let n = 0;
      await fc.assert(
        fc.asyncProperty(fc.scheduler(), planArb, (s, plan) =>
          oneRun(
            s,
            plan,
            async (now) => createRedisStore({ url: redis.url, keyPrefix: `race-${++n}:`, now }),
            figures,
          ),
        ),
        { numRuns: 120 * SCALE, seed: 1314 },
      );
      report('redis', figures, t0);
      expect(figures.interleavings.size).toBeGreaterThan(100);
    },
    60_000 * SCALE,
  );
});
