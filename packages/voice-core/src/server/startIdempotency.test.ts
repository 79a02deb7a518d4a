/**
 * Starts and ends by idempotency key, and a second tab taking a session over, over real
 * HTTP on 127.0.0.1 against the fake vendors: what the server recorded (records, rooms at
 * the fake Daily, starts and stops at the fake Pipecat) after each sequence.
 */
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorBodySchema, StartSessionResponseSchema } from '../runtime/backend/backendProtocol';
import { startHarnessWithCloudStops } from '../../test/server/cloudStopsHarness';
import { heldRoomCreation } from '../../test/server/heldRoomCreation';
import { type Harness, openSse, startHarness } from '../../test/server/testHarness';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const KEY_A = 'key-aaaaaaaa-0001';
const KEY_B = 'key-bbbbbbbb-0002';

const answerOf = (res: { status: number; json: unknown; text: string }) => {
  expect(res.status, res.text).toBe(200);
  return v.parse(StartSessionResponseSchema, res.json);
};
const codeOf = (res: { json: unknown }) => v.parse(ErrorBodySchema, res.json).error.code;
const end = (user: string, body: unknown) => h.call('DELETE', '/session', { user, body });
const records = async () =>
  (await h.memory.list()).map((r) => ({ status: r.status, endReason: r.endReason }));

describe('start idempotency', () => {
  it('a replayed start answers the same session and makes no second one', async () => {
    h = await startHarness();
    // Sent together, as a client retrying a start that seemed lost does: one session answers all.
    const together = await Promise.all(
      [1, 2, 3].map(() => h.start('ann', { idempotencyKey: KEY_A })),
    );
    const first = answerOf(together[0]!);
    for (const r of together) expect(answerOf(r)).toMatchObject({ sessionId: first.sessionId });
    const later = answerOf(await h.start('ann', { idempotencyKey: KEY_A }));
    expect([later.sessionId, later.token]).toEqual([first.sessionId, first.token]);
    await h.handler.settled();
    expect(await records()).toEqual([{ status: 'live', endReason: undefined }]);
    expect(h.pipecat.starts).toHaveLength(1);
    expect(h.daily.rooms.size).toBe(1);
  });

  it('the same key from another user names nothing of the first user', async () => {
    h = await startHarness();
    const ann = answerOf(await h.start('ann', { idempotencyKey: KEY_A }));
    const ben = answerOf(await h.start('ben', { idempotencyKey: KEY_A }));
    expect(ben.sessionId).not.toBe(ann.sessionId);
    expect((await end('ben', { idempotencyKey: KEY_A })).json).toMatchObject({
      sessionId: ben.sessionId,
      alreadyEnded: false,
    });
    expect((await h.memory.get(ann.sessionId))?.status).toBe('live');
  });

  it('an end by key ends the session whose answer the page never read, once', async () => {
    h = await startHarnessWithCloudStops();
    const started = answerOf(await h.start('ann', { idempotencyKey: KEY_A }));
    await h.handler.settled();
    const timeline = {
      joinedMs: null,
      botReadyMs: null,
      firstBotAudioMs: null,
      reconnects: 0,
      autoplayBlocks: 0,
    };
    const first = await end('ann', { idempotencyKey: KEY_A, reason: 'user', timeline });
    const second = await end('ann', { idempotencyKey: KEY_A });
    expect([first.json, second.json]).toEqual([
      { ok: true, sessionId: started.sessionId, alreadyEnded: false },
      { ok: true, sessionId: started.sessionId, alreadyEnded: true },
    ]);
    expect(await records()).toEqual([{ status: 'ended', endReason: 'user' }]);
    expect(h.daily.rooms.size).toBe(0);
    expect(h.pipecat.stops).toHaveLength(1);
    // A replay of the ended start is refused, never a second session.
    const replay = await h.start('ann', { idempotencyKey: KEY_A });
    expect([replay.status, codeOf(replay)]).toEqual([410, 'session-ended']);
    expect(h.pipecat.starts).toHaveLength(1);
  });

  it('an end that arrives before its start leaves a tombstone: the start is refused', async () => {
    h = await startHarness();
    const ended = await end('ann', { idempotencyKey: KEY_A, reason: 'user' });
    expect(ended.json).toEqual({ ok: true, sessionId: null, alreadyEnded: false });
    const start = await h.start('ann', { idempotencyKey: KEY_A });
    expect([start.status, codeOf(start)]).toEqual([410, 'session-ended']);
    await h.handler.settled();
    expect(await h.memory.list()).toEqual([]);
    expect(h.daily.rooms.size).toBe(0);
    expect(h.pipecat.starts).toHaveLength(0);
    // A new start (a new key) is not held off by the cancelled one.
    answerOf(await h.start('ann', { idempotencyKey: KEY_B }));
  });

  it('an end by key while the start is in flight ends it exactly once', async () => {
    let dailyUrl = '';
    const { client, inCreate, release } = heldRoomCreation(() => dailyUrl);
    h = await startHarness({ handler: { daily: client } });
    dailyUrl = h.daily.url;
    const starting = h.start('ann', { idempotencyKey: KEY_A });
    await inCreate;
    const ended = await end('ann', { idempotencyKey: KEY_A, reason: 'user' });
    expect(ended.json).toMatchObject({ ok: true, alreadyEnded: false });
    release();
    const start = await starting;
    expect([start.status, codeOf(start)]).toEqual([410, 'session-ended']);
    await h.handler.settled();
    expect(await records()).toEqual([{ status: 'ended', endReason: 'user' }]);
    expect(h.daily.rooms.size).toBe(0);
    expect((await h.start('ann', { idempotencyKey: KEY_A })).status).toBe(410);
  });

  it('a malformed client timeline is dropped, and the end still holds', async () => {
    h = await startHarness();
    const s = answerOf(await h.start('ann', { idempotencyKey: KEY_A }));
    const res = await end('ann', { sessionId: s.sessionId, timeline: { joinedMs: -5, x: 'y' } });
    expect(res.json).toEqual({ ok: true, sessionId: s.sessionId, alreadyEnded: false });
    expect((await h.memory.get(s.sessionId))?.status).toBe('ended');
  });

  it('an end names its session by id or key: neither is a typed 400', async () => {
    h = await startHarness();
    const res = await end('ann', { reason: 'user' });
    expect([res.status, codeOf(res)]).toEqual([400, 'bad-request']);
  });
});

describe('a second tab', () => {
  it('is free once per cooldown window: a loop of takeovers meets the cooldown', async () => {
    h = await startHarness({ handler: { limits: { cooldownMs: 30_000 } } });
    const statuses: number[] = [];
    for (const key of ['key-loop-tab-1', 'key-loop-tab-2', 'key-loop-tab-3']) {
      const res = await h.start('ann', { idempotencyKey: key });
      statuses.push(res.status);
      if (res.status !== 200) expect(codeOf(res)).toBe('cooldown');
    }
    expect(statuses).toEqual([200, 200, 429]);
    h.clock.advance(30_000);
    answerOf(await h.start('ann', { idempotencyKey: 'key-loop-tab-4' }));
  });

  it('takes the session over: the first is told `replaced` by event and by heartbeat', async () => {
    h = await startHarnessWithCloudStops();
    const a = answerOf(await h.start('ann', { idempotencyKey: KEY_A }));
    await h.handler.settled();
    const sse = await openSse(`${h.base}/events?sessionId=${a.sessionId}`, {
      'x-test-user': 'ann',
    });
    const b = answerOf(await h.start('ann', { idempotencyKey: KEY_B }));
    expect(b.sessionId).not.toBe(a.sessionId);
    expect(b.reused).toBe(false);
    await sse.until((e) => e.some((x) => x.type === 'session-ended'));
    expect(sse.events.map((e) => [e.type, e.data])).toEqual([
      ['session-ended', { reason: 'replaced' }],
    ]);
    const beat = await h.call('POST', '/session/heartbeat', {
      user: 'ann',
      body: { sessionId: a.sessionId, active: false, at: 1 },
    });
    expect([beat.status, v.parse(ErrorBodySchema, beat.json).error]).toEqual([
      410,
      { code: 'session-replaced', message: 'This conversation continued in another tab.' },
    ]);
    await h.handler.settled();
    expect((await h.memory.get(a.sessionId))?.endReason).toBe('replaced');
    expect((await h.memory.get(b.sessionId))?.status).toBe('live');
    // A's room went (ejecting a frozen tab) and its bot was stopped; B has its own of each.
    expect(h.daily.deleted).toEqual(['voice-ann']);
    expect(h.daily.rooms.size).toBe(1);
    expect(h.pipecat.stops).toHaveLength(1);
    expect(h.pipecat.starts).toHaveLength(2);
  });
});
