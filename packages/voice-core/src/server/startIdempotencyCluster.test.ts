/**
 * Start keys on a shared store: two instances on one real Redis, the test choosing which
 * instance gets each request, as a load balancer might.
 */
import * as v from 'valibot';
import { expect, it } from 'vitest';
import { ErrorBodySchema, StartSessionResponseSchema } from '../runtime/backend/backendProtocol';
import { type Cluster, useRedisClusters } from '../../test/server/clusterHarness';
import { openSse } from '../../test/server/testHarness';

const clusters = useRedisClusters();

const answer = (res: { status: number; json: unknown; text: string }) => {
  expect(res.status, res.text).toBe(200);
  return v.parse(StartSessionResponseSchema, res.json);
};
const codeOf = (res: { json: unknown }) => v.parse(ErrorBodySchema, res.json).error.code;

it('a start replayed on the other instance answers the same session', async () => {
  const cluster = await clusters.start();
  const [a, b] = cluster.nodes as [Cluster['nodes'][0], Cluster['nodes'][0]];
  const first = answer(await a.start('ann', { idempotencyKey: 'key-cluster-0001' }));
  const again = answer(await b.start('ann', { idempotencyKey: 'key-cluster-0001' }));
  expect(again.sessionId).toBe(first.sessionId);
  await a.handler.settled();
  expect(cluster.pipecat.starts).toHaveLength(1);
});

it('an end by key on one instance before the start reaches the other: the start is refused', async () => {
  const cluster = await clusters.start();
  const [a, b] = cluster.nodes as [Cluster['nodes'][0], Cluster['nodes'][0]];
  const ended = await b.call('DELETE', '/session', {
    user: 'ann',
    body: { idempotencyKey: 'key-cluster-0002' },
  });
  expect(ended.json).toEqual({ ok: true, sessionId: null, alreadyEnded: false });
  const start = await a.start('ann', { idempotencyKey: 'key-cluster-0002' });
  expect([start.status, codeOf(start)]).toEqual([410, 'session-ended']);
  expect(cluster.daily.rooms.size).toBe(0);
  expect(cluster.pipecat.starts).toHaveLength(0);
});

it('a second tab on the other instance takes over: the first hears `replaced`', async () => {
  const cluster = await clusters.start();
  const [a, b] = cluster.nodes as [Cluster['nodes'][0], Cluster['nodes'][0]];
  const first = answer(await a.start('ann', { idempotencyKey: 'key-cluster-tab-a' }));
  await a.handler.settled();
  const sse = await openSse(`${a.base}/events?sessionId=${first.sessionId}`, {
    'x-test-user': 'ann',
  });
  const second = answer(await b.start('ann', { idempotencyKey: 'key-cluster-tab-b' }));
  expect(second.sessionId).not.toBe(first.sessionId);
  await sse.until((e) => e.some((x) => x.type === 'session-ended'), 5000);
  expect(sse.events.map((e) => [e.type, e.data])).toEqual([
    ['session-ended', { reason: 'replaced' }],
  ]);
  const beat = await a.call('POST', '/session/heartbeat', {
    user: 'ann',
    body: { sessionId: first.sessionId, active: false, at: 1 },
  });
  expect([beat.status, codeOf(beat)]).toEqual([410, 'session-replaced']);
  sse.abort();
});
