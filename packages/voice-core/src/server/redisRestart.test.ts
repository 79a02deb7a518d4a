/**
 * Redis goes away mid-run and comes back (a restart of a Redis with persistence): requests
 * meanwhile get a clear 503, the instances recover by themselves, nothing is counted twice.
 */
import * as v from 'valibot';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ErrorBodySchema, StartSessionResponseSchema } from '../runtime/backend/backendProtocol';
import { type Cluster, startCluster, waitFor } from '../../test/server/clusterHarness';
import {
  rawCommand,
  type RedisTestServer,
  startRedisServer,
} from '../../test/server/redisTestServer';
import type { CallResult } from '../../test/server/httpCall';
import { openSse } from '../../test/server/testHarness';

let redis: RedisTestServer;
let cluster: Cluster | undefined;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await cluster?.close();
  await redis?.close();
});

const answer = (res: { json: unknown }) => v.parse(StartSessionResponseSchema, res.json);
const codeOf = (res: { json: unknown }) => v.parse(ErrorBodySchema, res.json).error.code;
const timed = async (request: Promise<CallResult>) => {
  const started = Date.now();
  const res = await request;
  return { res, ms: Date.now() - started };
};

it('Redis restarting mid-run: 503 store-unavailable meanwhile, recovery after, nothing double-counted', async () => {
  const cap = 4;
  cluster = await startCluster({
    redisUrl: redis.url,
    launcher: 'self-hosted',
    handler: { limits: { maxConcurrent: cap, cooldownMs: 0 }, sweepIntervalMs: 100 },
    store: { commandTimeoutMs: 500 },
  });
  const [a, b] = cluster.nodes as [Cluster['nodes'][0], Cluster['nodes'][0]];
  const s1 = answer(await a.start('r1'));
  const s2 = answer(await b.start('r2'));
  const stream = await openSse(`${a.base}/events?sessionId=${s1.sessionId}`, {
    'x-test-user': 'r1',
  });

  // Starts sent 1 ms apart while Redis goes down: each is admitted, refused or 503, never half.
  const racing = Promise.all(
    Array.from({ length: 20 }, async (_, i) => {
      await new Promise((resolve) => setTimeout(resolve, i));
      return cluster!.nodes[i % 2]!.start(`race-${i}`);
    }),
  );
  await new Promise((resolve) => setTimeout(resolve, 8));
  await redis.stop({ save: true });
  const raced = await racing;

  const down = await Promise.all([
    timed(a.start('r3')),
    timed(b.start('r4')),
    timed(
      a.call('POST', '/session/heartbeat', {
        user: 'r1',
        body: { sessionId: s1.sessionId, active: true, at: 1 },
      }),
    ),
    timed(b.call('GET', `/events?sessionId=${s2.sessionId}`, { user: 'r2' })),
    timed(
      b.webhook({
        id: 'w-down',
        sessionId: s1.sessionId,
        type: 'transcript',
        data: { role: 'bot', text: 'lost?', final: true },
      }),
    ),
    timed(a.call('DELETE', '/session', { user: 'r2', body: { sessionId: s2.sessionId } })),
  ]);
  for (const { res } of down) {
    expect(res.status).toBe(503);
    expect(codeOf(res)).toBe('store-unavailable');
    expect(res.headers.get('retry-after')).toBe('2');
    expect(res.text).not.toMatch(/at .+\.(ts|js):\d+|Error:/);
  }
  const slowest = Math.max(...down.map((d) => d.ms));
  // Bounded by the command timeout (500 ms here), not by how long Redis stays away.
  expect(slowest).toBeLessThan(2000);

  const restartedAt = Date.now();
  await redis.start();
  let r3: CallResult;
  do {
    r3 = await a.start('r3');
    if (r3.status === 503) await new Promise((resolve) => setTimeout(resolve, 20));
  } while (r3.status === 503 && Date.now() - restartedAt < 5000);
  const recoveredMs = Date.now() - restartedAt;
  const beat = () =>
    b.call('POST', '/session/heartbeat', {
      user: 'r2',
      body: { sessionId: s2.sessionId, active: true, at: 2 },
    });
  await waitFor(async () => (await beat()).status === 200);

  // Starts cut short by the outage end themselves once Redis is back (background retries).
  await Promise.all(cluster.nodes.map((n) => n.handler.settled()));
  // Nothing counted twice: the slot set holds exactly the sessions not ended.
  const records = await b.store.list();
  const open = records.filter((r) => r.status !== 'ended');
  // Starts admitted in Redis whose answer was lost with the connection: ended by the retry.
  const cutShort = records.filter((r) => r.userId.startsWith('race-'));
  expect(cutShort.every((r) => r.status === 'ended' && r.slotReleased)).toBe(true);
  const slots = await rawCommand(redis.port, `ZCARD ${cluster.keyPrefix}parley:slots`);
  expect(slots).toBe(`:${open.length}`);
  expect(open.length).toBeLessThanOrEqual(cap);
  // And the cap still means the cap: fill it up, the next one is refused.
  let filled = 0;
  for (let i = 0; open.length + filled < cap && i < cap; i++) {
    if ((await b.start(`fill-${i}`)).status === 200) filled++;
  }
  expect(codeOf(await b.start('one-too-many'))).toBe('capacity');

  // The SSE stream opened before the outage still speaks, with a webhook landing on B.
  await waitFor(
    async () =>
      (
        await b.webhook({
          id: 'w-after',
          sessionId: s1.sessionId,
          type: 'transcript',
          data: { role: 'bot', text: 'back', final: true },
        })
      ).status === 200,
  );
  await stream.until((e) => e.some((x) => x.id === 'w-after'));
  stream.abort();

  // Ending a session after the restart frees its slot exactly once.
  expect(
    (await a.call('DELETE', '/session', { user: 'r2', body: { sessionId: s2.sessionId } })).status,
  ).toBe(200);
  expect((await b.start('after-end')).status).toBe(200);
  expect(codeOf(await a.start('after-end-2'))).toBe('capacity');

  const tally = (rs: CallResult[]) => {
    const counts: Record<number, number> = {};
    for (const r of rs) counts[r.status] = (counts[r.status] ?? 0) + 1;
    return counts;
  };
  console.log(
    `[restart] Redis stopped mid-run (SHUTDOWN SAVE) and restarted on the same port: ` +
      `6 requests while down → ${down.map((d) => d.res.status).join(',')} store-unavailable ` +
      `(slowest ${slowest} ms); 20 starts racing the stop → ${JSON.stringify(tally(raced))}; ` +
      `first start answered ${r3.status} ${recoveredMs} ms after redis-server was back; ` +
      `${cutShort.length} of them admitted before the stop and ended once Redis was back; ` +
      `after recovery ${open.length} open sessions = ${slots.slice(1)} slots, cap ${cap} held`,
  );
});
