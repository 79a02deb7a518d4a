/**
 * Several handler instances on one real Redis: one cap, one sweeper duty, one event stream.
 */
import * as v from 'valibot';
import { expect, it } from 'vitest';
import { ErrorBodySchema, StartSessionResponseSchema } from '../runtime/backend/backendProtocol';
import { type Cluster, useRedisClusters, waitFor } from '../../test/server/clusterHarness';
import { openSse } from '../../test/server/testHarness';

const clusters = useRedisClusters();

const answer = (res: { json: unknown }) => v.parse(StartSessionResponseSchema, res.json);
const codeOf = (res: { json: unknown }) => v.parse(ErrorBodySchema, res.json).error.code;
const transcript = (id: string, sessionId: string, text: string) => ({
  id,
  sessionId,
  type: 'transcript',
  data: { role: 'bot', text, final: true },
});

it('two instances, 200 concurrent starts spread over both, cap 5: exactly 5 admitted', async () => {
  const cluster = await clusters.start({
    handler: { limits: { maxConcurrent: 5 } },
  });
  const { nodes } = cluster;
  const results = await Promise.all(
    Array.from({ length: 200 }, (_, i) => nodes[i % 2]!.start(`user-${i}`)),
  );
  const admitted = results.filter((r) => r.status === 200);
  const refused = results.filter((r) => r.status === 429);
  const perNode = [0, 1].map(
    (k) => results.filter((r, i) => i % 2 === k && r.status === 200).length,
  );
  console.log(
    `[multi-instance] 200 concurrent starts over 2 instances on one Redis, cap 5: ` +
      `admitted=${admitted.length} (A=${perNode[0]}, B=${perNode[1]}) refused=${refused.length} ` +
      `(all 429 capacity: ${refused.every((r) => codeOf(r) === 'capacity')})`,
  );
  expect(admitted).toHaveLength(5);
  expect(refused).toHaveLength(195);
  for (const r of refused) {
    expect(codeOf(r)).toBe('capacity');
    expect(r.headers.get('retry-after')).toBe('15');
  }
  expect(cluster.daily.rooms.size).toBe(5);
  await Promise.all(nodes.map((n) => n.handler.settled()));
  expect(cluster.pipecat.starts).toHaveLength(5);

  // One cap for both: a session ended through B frees the slot for a start on A, and no more.
  const first = admitted[0]!;
  const firstUser = `user-${results.indexOf(first)}`;
  const ended = await nodes[1]!.call('DELETE', '/session', {
    user: firstUser,
    body: { sessionId: answer(first).sessionId },
  });
  expect(ended.status).toBe(200);
  expect((await nodes[0]!.start('late-1')).status).toBe(200);
  expect(codeOf(await nodes[1]!.start('late-2'))).toBe('capacity');
});

it('a crashed instance’s session is ended by another instance’s sweeper at its hard max', async () => {
  const hardMs = 1500;
  const sweepMs = 100;
  const cluster = await clusters.start({
    launcher: 'self-hosted',
    handler: {
      limits: { maxConcurrent: 1, hardMs, warnMs: 500, idleMs: 60_000 },
      persistenceS: 0,
      sweepIntervalMs: sweepMs,
    },
  });
  const [a, b] = cluster.nodes as [Cluster['nodes'][0], Cluster['nodes'][0]];
  const { bot, daily } = cluster;
  const res = await a.start('crash-user');
  expect(res.status).toBe(200);
  const session = answer(res);
  await a.handler.settled();
  expect(bot.inRoom.size).toBe(1);

  await a.crash();
  await waitFor(() => bot.leaves.length === 1 && daily.deleted.length === 1, hardMs + 3000);
  const observedAt = Date.now();
  const record = await b.store.get(session.sessionId);
  expect(record).toMatchObject({ status: 'ended', endReason: 'hard-timeout', slotReleased: true });
  const lag = record!.endedAt! - session.expiresAt;
  console.log(
    `[crash] instance A killed mid-session (hard max ${hardMs} ms, B sweeps every ${sweepMs} ms): ` +
      `ended by B ${lag} ms after the deadline, ${record!.endedAt! - record!.startedAt} ms after ` +
      `start; bot told and room deleted ${observedAt - session.expiresAt} ms after the deadline; ` +
      `leaves=${bot.leaves.length} deletes=${daily.deleted.length}`,
  );
  expect(lag).toBeGreaterThanOrEqual(0);
  expect(lag).toBeLessThan(sweepMs + 500);
  expect(daily.deleted).toEqual(['voice-crash-user']);
  expect(bot.inRoom.size).toBe(0);

  // Exactly once, however long B keeps sweeping; and the shared slot is free again.
  await new Promise((resolve) => setTimeout(resolve, 4 * sweepMs));
  expect(bot.leaves).toHaveLength(1);
  expect(daily.deleted).toHaveLength(1);
  expect((await b.start('next-user')).status).toBe(200);
});

it('two instances sweeping the same expired sessions end each exactly once', async () => {
  const hardMs = 1000;
  const cluster = await clusters.start({
    launcher: 'self-hosted',
    handler: {
      limits: { maxConcurrent: 10, hardMs, warnMs: 400, idleMs: 60_000 },
      persistenceS: 0,
      sweepIntervalMs: 20,
    },
  });
  const { nodes, bot, daily } = cluster;
  const users = Array.from({ length: 6 }, (_, i) => `swept-${i}`);
  const sessions = await Promise.all(
    users.map(async (u, i) => answer(await nodes[i % 2]!.start(u))),
  );
  // Each browser listens on the instance that did not start its session.
  const streams = await Promise.all(
    sessions.map((s, i) =>
      openSse(`${nodes[(i + 1) % 2]!.base}/events?sessionId=${s.sessionId}`, {
        'x-test-user': users[i]!,
      }),
    ),
  );
  await Promise.all(streams.map((s) => s.closed));
  await waitFor(() => bot.leaves.length === 6 && daily.deleted.length === 6, 3000);
  await new Promise((resolve) => setTimeout(resolve, 200));
  const ends = streams.map((s) => s.events.filter((e) => e.type === 'session-ended').length);
  const warnings = streams.map((s) => s.events.filter((e) => e.type === 'warning').length);
  console.log(
    `[double-sweep] 6 sessions, 2 instances sweeping every 20 ms: leaves=${bot.leaves.length} ` +
      `room deletes=${daily.deleted.length} session-ended per stream=${ends.join(',')} ` +
      `warnings per stream=${warnings.join(',')}`,
  );
  expect(bot.leaves).toHaveLength(6);
  expect(new Set(daily.deleted).size).toBe(6);
  expect(daily.deleted).toHaveLength(6);
  expect(ends).toEqual([1, 1, 1, 1, 1, 1]);
  expect(warnings).toEqual([1, 1, 1, 1, 1, 1]);
});

it('a browser on instance A gets the webhook that landed on B; Last-Event-ID replays on B', async () => {
  const cluster = await clusters.start();
  const [a, b] = cluster.nodes as [Cluster['nodes'][0], Cluster['nodes'][0]];
  const { sessionId } = answer(await a.start('sse-user'));
  const url = (base: string) => `${base}/events?sessionId=${sessionId}`;
  const onA = await openSse(url(a.base), { 'x-test-user': 'sse-user' });
  expect(onA.status).toBe(200);

  expect((await b.webhook(transcript('e1', sessionId, 'hello from B'))).json).toEqual({
    ok: true,
    outcome: 'delivered',
  });
  await onA.until((e) => e.some((x) => x.id === 'e1'));
  await b.webhook(transcript('e2', sessionId, 'second'));
  await onA.until((e) => e.some((x) => x.id === 'e2'));
  onA.abort();
  await onA.closed;
  // Published while no browser listens anywhere: kept for the next connection.
  await a.webhook(transcript('e3', sessionId, 'while away'));

  const onB = await openSse(url(b.base), { 'x-test-user': 'sse-user', 'last-event-id': 'e1' });
  await onB.until((e) => e.some((x) => x.id === 'e3'));
  expect(onB.events.map((e) => e.id)).toEqual(['e2', 'e3']);
  await a.webhook({ id: 'e4', sessionId, type: 'goodbye', data: { from: 'bot' } });
  await onB.closed;
  expect(onB.events.map((e) => e.type)).toEqual([
    'transcript',
    'transcript',
    'goodbye',
    'session-ended',
  ]);
  expect(onA.events.map((e) => e.id)).toEqual(['e1', 'e2']);
});
