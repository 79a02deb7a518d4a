import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { StartSessionResponseSchema } from '../runtime/backend/backendProtocol';
import { CLOUD_PRIVATE_KEY, startHarnessWithCloudStops } from '../../test/server/cloudStopsHarness';
import type { Harness } from '../../test/server/testHarness';
import { ADMIN_SECRET } from '../../test/server/wireHandler';
import { startFakePipecat } from './fakes';

/**
 * Pipecat Cloud as it is today: the start answers a `sessionId`, and a private-key
 * `DELETE /v1/agents/{agent}/sessions/{id}` stops the agent. Every end path stops it, once.
 */
let h: Harness;
afterEach(async () => {
  await h?.close();
});

async function started(user: string) {
  const res = await h.start(user);
  expect(res.status, res.text).toBe(200);
  await h.handler.settled();
  return v.parse(StartSessionResponseSchema, res.json);
}

const stopsOf = () => h.pipecat.stops.map((s) => s.sessionId);
const startedIds = () => h.pipecat.starts.map((s) => s.sessionId);

describe('the fake Pipecat Cloud', () => {
  it('answers start as the real API does and stops a session once (404 after, 400 on a bad id)', async () => {
    const pcc = await startFakePipecat();
    try {
      const start = await fetch(`${pcc.url}/v1/public/agent/start`, {
        method: 'POST',
        headers: { authorization: 'Bearer fake-pipecat-key', 'content-type': 'application/json' },
        body: JSON.stringify({ createDailyRoom: false, body: {} }),
      });
      const { sessionId, ...rest } = (await start.json()) as { sessionId: string };
      expect(rest).toEqual({});
      const del = (id: string, key = CLOUD_PRIVATE_KEY) =>
        fetch(`${pcc.url}/v1/agents/agent/sessions/${id}`, {
          method: 'DELETE',
          headers: { authorization: `Bearer ${key}` },
        }).then((r) => r.status);
      expect(await del(sessionId, 'fake-pipecat-key')).toBe(401);
      expect(await del('not-a-uuid')).toBe(400);
      expect(pcc.running()).toEqual([sessionId]);
      expect(await del(sessionId)).toBe(200);
      expect(await del(sessionId)).toBe(404);
      expect(pcc.stops).toEqual([{ agentName: 'agent', sessionId }]);
      expect(pcc.running()).toEqual([]);
    } finally {
      await pcc.close();
    }
  });
});

describe('every end path stops the agent exactly once', () => {
  const paths: Array<[string, (user: string, sessionId: string) => Promise<void>]> = [
    [
      'DELETE /session (user stop)',
      async (user, sessionId) => {
        expect((await h.call('DELETE', '/session', { user, body: { sessionId } })).status).toBe(
          200,
        );
      },
    ],
    [
      'POST /session/end (beacon)',
      async (user, sessionId) => {
        const res = await h.call('POST', '/session/end', {
          user,
          rawBody: JSON.stringify({ sessionId, reason: 'page-hidden' }),
          headers: { 'content-type': 'text/plain;charset=UTF-8' },
        });
        expect(res.status).toBe(200);
      },
    ],
    [
      'admin shutdown',
      async () => {
        const res = await h.call('POST', '/admin/shutdown', {
          headers: { authorization: `Bearer ${ADMIN_SECRET}` },
        });
        expect(res.status).toBe(200);
      },
    ],
    [
      'the sweeper (hard limit)',
      async () => {
        h.clock.advance(601_000);
        await h.handler.sweep();
      },
    ],
  ];
  for (const [name, end] of paths) {
    it(name, async () => {
      h = await startHarnessWithCloudStops();
      const s = await started('ana');
      expect(startedIds()).toHaveLength(1);
      expect(h.pipecat.running()).toEqual(startedIds());
      await end('ana', s.sessionId);
      await h.handler.settled();
      // Ending twice (a beacon racing a DELETE), and sweeping after, stops nothing more.
      await h.call('DELETE', '/session', { user: 'ana', body: { sessionId: s.sessionId } });
      await h.handler.sweep();
      expect(stopsOf()).toEqual(startedIds());
      expect(h.pipecat.running()).toEqual([]);
      // The room goes too, as before.
      expect(h.daily.deleted).toEqual(['voice-ana']);
    });
  }

  it('a failed stop is retried by the sweeper, then never again', async () => {
    h = await startHarnessWithCloudStops();
    const s = await started('bo');
    h.pipecat.failNext({ status: 503, count: 3 });
    await h.call('DELETE', '/session', { user: 'bo', body: { sessionId: s.sessionId } });
    await h.handler.settled();
    expect(stopsOf()).toEqual([]);
    expect((await h.memory.get(s.sessionId))?.botStop).toBe('pending');
    await h.handler.sweep();
    expect(stopsOf()).toEqual(startedIds());
    expect((await h.memory.get(s.sessionId))?.botStop).toBe('done');
    await h.handler.sweep();
    expect(stopsOf()).toHaveLength(1);
  });

  it('the answer says the bot does not persist; the private key is in no response', async () => {
    h = await startHarnessWithCloudStops();
    const res = await h.start('cy');
    expect(res.status).toBe(200);
    expect(v.parse(StartSessionResponseSchema, res.json).botPersists).toBe(false);
    await h.handler.settled();
    const record = await h.memory.get(v.parse(StartSessionResponseSchema, res.json).sessionId);
    expect(record?.botSessionId).toBe(startedIds()[0]);
    const end = await h.call('DELETE', '/session', {
      user: 'cy',
      body: { sessionId: record?.id },
    });
    for (const r of [res, end]) expect(JSON.stringify(r)).not.toContain(CLOUD_PRIVATE_KEY);
    // The key went to Pipecat Cloud's stop call, and nowhere else.
    const withKey = h.pipecat.requests.filter((r) =>
      JSON.stringify(r.headers).includes(CLOUD_PRIVATE_KEY),
    );
    expect(withKey.map((r) => `${r.method} ${r.path}`)).toEqual([
      `DELETE /v1/agents/parley-agent/sessions/${startedIds()[0]}`,
    ]);
  });
});
