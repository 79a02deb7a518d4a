/**
 * The guard under attack, over real HTTP on 127.0.0.1 against the fake vendors: each test
 * is one class of bug a client (or an unlucky failure) could use to get past a limit or
 * leave a paid resource behind.
 */
import fc from 'fast-check';
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorBodySchema, StartSessionResponseSchema } from '../runtime/backend/backendProtocol';
import { heldRoomCreation } from '../../test/server/heldRoomCreation';
import { type Harness, openSse, startHarness } from '../../test/server/testHarness';
import { createDailyRestClient } from './dailyRestClient';
import { createRoomManager, roomNameFor } from './roomManager';
import type { SessionStore } from './sessionStore';
import { StoreUnavailableError } from './storeUnavailableError';
import { ADMIN_SECRET, DAILY_KEY } from '../../test/server/wireHandler';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const answerOf = (res: { status: number; json: unknown; text: string }) => {
  expect(res.status, res.text).toBe(200);
  return v.parse(StartSessionResponseSchema, res.json);
};
const codeOf = (res: { json: unknown }) => v.parse(ErrorBodySchema, res.json).error.code;
const beat = (user: string, sessionId: string, active = true) =>
  h.call('POST', '/session/heartbeat', { user, body: { sessionId, active, at: 1 } });
const del = (user: string, sessionId: string, reason?: string) =>
  h.call('DELETE', '/session', { user, body: { sessionId, ...(reason ? { reason } : {}) } });
const beacon = (user: string, sessionId: string) =>
  h.call('POST', '/session/end', {
    user,
    rawBody: JSON.stringify({ sessionId, reason: 'page-hidden' }),
    headers: { 'content-type': 'text/plain;charset=UTF-8' },
  });
const admin = { authorization: `Bearer ${ADMIN_SECRET}` };

describe('1. room names are injective in the user id', () => {
  it('a user whose id spells another user’s room name gets a room of their own', async () => {
    h = await startHarness();
    const victim = 'Victim.Name';
    const victimRoom = await roomNameFor(victim);
    // The old scheme's collision: an id that is the victim's sanitised name plus suffix.
    const attacker = victimRoom.slice('voice-'.length).replace('_', '-');
    const a = answerOf(await h.start(victim));
    const b = answerOf(await h.start(attacker));
    await h.handler.settled();
    expect(b.roomUrl).not.toBe(a.roomUrl);
    expect(h.daily.deleted).toEqual([]);
    expect([...h.daily.rooms.keys()].sort()).toEqual(
      [victimRoom, await roomNameFor(attacker)].sort(),
    );
    const rooms = h.pipecat.starts.map(
      (s) => (s.body as { body: { room_url: string } }).body.room_url,
    );
    expect(rooms).toEqual([a.roomUrl, b.roomUrl]);
  });

  it('no two ids share a name (property, with crafted look-alikes)', async () => {
    const idArb = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.stringMatching(/^[A-Za-z0-9_.@-]{1,70}$/),
      fc.string({ unit: 'binary', maxLength: 20 }),
    );
    await fc.assert(
      fc.asyncProperty(idArb, async (id) => {
        const name = await roomNameFor(id);
        expect(name).toMatch(/^voice-[A-Za-z0-9_-]{1,58}$/);
        // Whatever id an attacker derives from this name maps elsewhere.
        for (const lookAlike of [name.slice(6), name.slice(6).replace('_', '-'), name]) {
          if (lookAlike !== id) expect(await roomNameFor(lookAlike)).not.toBe(name);
        }
      }),
      { numRuns: 500, seed: 13 },
    );
  });

  it('a room found in use by another live session is never deleted', async () => {
    h = await startHarness();
    const daily = createDailyRestClient({ apiKey: DAILY_KEY, baseUrl: h.daily.url });
    const rooms = createRoomManager({ daily, now: h.clock.now });
    const first = await rooms.acquire({ userId: 'x', minLifetimeMs: 1000, lifetimeMs: 2000 });
    await expect(
      rooms.acquire({
        userId: 'x',
        minLifetimeMs: 1000,
        lifetimeMs: 2000,
        inUse: async () => true,
      }),
    ).rejects.toMatchObject({ code: 'session-active' });
    expect(h.daily.deleted).toEqual([]);
    expect(h.daily.rooms.has(first.name)).toBe(true);
  });
});

describe('2. every vendor resource is released on every failure path', () => {
  it('a store failure right after the room is made deletes the room (10 of 10 runs)', async () => {
    let failNext = false;
    h = await startHarness({
      wrapStore: (store) => {
        const fail = () => {
          failNext = false;
          throw new StoreUnavailableError('store-unavailable');
        };
        return {
          ...store,
          async put(r) {
            if (failNext && r.roomName) fail();
            return store.put(r);
          },
          async update(id, mutate) {
            return store.update(id, (r) => {
              const next = mutate(r);
              if (failNext && next?.roomName && !r.roomName) fail();
              return next;
            });
          },
        } satisfies SessionStore;
      },
    });
    const created = () =>
      h.daily.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/rooms')).length;
    for (let i = 0; i < 10; i++) {
      const before = created();
      failNext = true;
      const res = await h.start(`aof-${i}`);
      expect(res.status).toBe(503);
      expect(created()).toBe(before + 1);
    }
    await h.handler.settled();
    console.log(
      `[compensation] 10 starts failing at the store after the room: rooms left=${h.daily.rooms.size} deleted=${h.daily.deleted.length}`,
    );
    expect(h.daily.rooms.size).toBe(0);
    expect(h.daily.deleted).toHaveLength(10);
    expect(h.pipecat.starts).toHaveLength(0);
  });

  it('the orphan sweeper deletes voice- rooms no session holds, after the grace', async () => {
    h = await startHarness();
    const live = answerOf(await h.start('holder'));
    const daily = createDailyRestClient({ apiKey: DAILY_KEY, baseUrl: h.daily.url });
    // A room a crashed process made and never recorded, and a room of another app.
    await daily.createRoom({ name: 'voice-crashed', privacy: 'private', properties: {} });
    await daily.createRoom({ name: 'standup', privacy: 'private', properties: {} });
    expect(await h.handler.sweepOrphans()).toBe(0); // too young: a start may be recording it
    h.clock.advance(119_000);
    expect(await h.handler.sweepOrphans()).toBe(0);
    h.clock.advance(1_000);
    expect(live.sessionId).toMatch(/^ses_/);
    expect(await h.handler.sweepOrphans()).toBe(1);
    expect(h.daily.deleted).toEqual(['voice-crashed']);
    expect([...h.daily.rooms.keys()].sort()).toEqual(['standup', 'voice-holder']);
    console.log(
      '[orphans] an unrecorded room lives at most orphanGraceMs + orphanSweepIntervalMs = 120 s + 60 s = 180 s (defaults)',
    );
  });
});

describe('5. a failed connect or a reload does not cost the cooldown', () => {
  it('"Try again" after a start that never became active is admitted; it still counts', async () => {
    h = await startHarness({ handler: { limits: { perUserDaily: 2 } } });
    const first = answerOf(await h.start('u'));
    expect((await del('u', first.sessionId)).status).toBe(200); // daily-js failed: no beat
    const second = answerOf(await h.start('u'));
    await beat('u', second.sessionId);
    await del('u', second.sessionId);
    h.clock.advance(30_000); // past the cooldown the active one set
    const third = await h.start('u');
    expect(third.status).toBe(429);
    expect(codeOf(third)).toBe('user-cap');
    await h.handler.settled();
    expect(h.pipecat.starts).toHaveLength(2);
  });

  it('a reload (the beacon ended the old session) is admitted with the stock limits', async () => {
    h = await startHarness();
    const first = answerOf(await h.start('r'));
    await beat('r', first.sessionId);
    expect((await beacon('r', first.sessionId)).status).toBe(200);
    const again = answerOf(await h.start('r'));
    expect(again.sessionId).not.toBe(first.sessionId);
    // A second free restart inside the window meets the cooldown: a loop cannot use it.
    await beacon('r', again.sessionId);
    const third = await h.start('r');
    expect(codeOf(third)).toBe('cooldown');
  });
});

describe('6. a killed browser ends client-lost', () => {
  it('heartbeats stop → client-lost after clientLostMs, whatever the idle clock says', async () => {
    h = await startHarness();
    const s = answerOf(await h.start('k'));
    const sse = await openSse(`${h.base}/events?sessionId=${s.sessionId}`, { 'x-test-user': 'k' });
    await beat('k', s.sessionId);
    // The bot keeps talking (activity), but the page is gone: no more heartbeats.
    for (let i = 0; i < 4; i++) {
      h.clock.advance(15_000);
      await h.webhook({
        id: `t${i}`,
        sessionId: s.sessionId,
        type: 'transcript',
        data: { role: 'bot', text: 'hello?', final: true },
      });
      await h.handler.sweep();
    }
    await sse.until((e) => e.some((x) => x.type === 'session-ended'));
    expect(sse.events.at(-1)).toMatchObject({
      type: 'session-ended',
      data: { reason: 'client-lost' },
    });
    expect(await h.memory.get(s.sessionId)).toMatchObject({
      status: 'ended',
      endReason: 'client-lost',
      endedAt: h.clock.now(),
    });
    expect(h.daily.deleted).toEqual(['voice-k']);
  });

  it('a page that keeps beating is not lost', async () => {
    h = await startHarness();
    const s = answerOf(await h.start('alive'));
    for (let i = 0; i < 6; i++) {
      h.clock.advance(15_000);
      expect((await beat('alive', s.sessionId, i % 2 === 0)).status).toBe(200);
      await h.handler.sweep();
    }
    expect(await h.memory.get(s.sessionId)).toMatchObject({ status: 'live' });
  });
});

describe('10. the guard cannot be talked out of its limits', () => {
  it('the client cannot choose the end reason: no skipped cooldown, the bot is told to leave', async () => {
    h = await startHarness({
      launcher: 'self-hosted',
      handler: { limits: { cooldownMs: 60_000 } },
    });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await h.start('liar');
      statuses.push(res.status);
      if (res.status !== 200) continue;
      const s = answerOf(res);
      await beat('liar', s.sessionId);
      await del('liar', s.sessionId, 'start-failed');
      expect(await h.memory.get(s.sessionId)).toMatchObject({ endReason: 'user' });
    }
    await h.handler.settled();
    expect(statuses).toEqual([200, 429, 429, 429]);
    expect(h.bot.joins).toHaveLength(1);
    expect(h.bot.leaves).toHaveLength(1);
  });

  it('without a heartbeat the same loop gets one free restart, then the cooldown', async () => {
    h = await startHarness({ handler: { limits: { cooldownMs: 60_000 } } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await h.start('quick');
      statuses.push(res.status);
      if (res.status === 200) await del('quick', answerOf(res).sessionId, 'start-failed');
    }
    await h.handler.settled();
    expect(statuses).toEqual([200, 200, 429, 429]);
    expect(h.pipecat.starts).toHaveLength(2);
  });

  it('an end that lands during a start wins: the start answers 410 and nothing stays live', async () => {
    let dailyUrl = '';
    const { client, inCreate, release } = heldRoomCreation(() => dailyUrl);
    h = await startHarness({ handler: { limits: { maxConcurrent: 1 }, daily: client } });
    dailyUrl = h.daily.url;
    const starting = h.start('racer');
    await inCreate;
    const shut = await h.call('POST', '/admin/shutdown', { headers: admin });
    expect(shut.json).toMatchObject({ ok: true, ended: 1 });
    release();
    const res = await starting;
    expect(res.status).toBe(410);
    expect(codeOf(res)).toBe('session-ended');
    await h.handler.settled();
    expect(h.daily.rooms.size).toBe(0);
    expect((await h.memory.list()).filter((r) => r.status !== 'ended')).toEqual([]);
    // The one slot is free: the next user gets it, and only one session is ever live.
    answerOf(await h.start('next'));
    expect((await h.memory.list()).filter((r) => r.status === 'live')).toHaveLength(1);
  });

  it('a repeated start while live reuses the token: no Daily call per request', async () => {
    h = await startHarness();
    const first = answerOf(await h.start('spam'));
    await h.handler.settled();
    const tokensBefore = h.daily.tokens.length;
    const again = await Promise.all(Array.from({ length: 50 }, () => h.start('spam')));
    for (const r of again)
      expect(answerOf(r)).toMatchObject({
        sessionId: first.sessionId,
        token: first.token,
        reused: true,
      });
    console.log(
      `[token-reuse] 50 starts while live: Daily token calls ${h.daily.tokens.length - tokensBefore}`,
    );
    expect(h.daily.tokens.length).toBe(tokensBefore);
  });

  it('starts that fail at the vendor give the day’s budget and counts back', async () => {
    h = await startHarness({ handler: { limits: { dailyBudget: 3, perUserDaily: 3 } } });
    h.daily.failNext({ status: 500, count: 1000 });
    for (let i = 0; i < 20; i++) expect((await h.start('retrier')).status).toBe(502);
    h.daily.clearFailures(); // Daily is back
    const res = await h.start('retrier');
    expect(res.status, res.text).toBe(200);
    expect((await h.start('other')).status).toBe(200);
  });

  it('heartbeats are rate-limited per session', async () => {
    h = await startHarness();
    const s = answerOf(await h.start('beats'));
    const statuses = [];
    for (let i = 0; i < 30; i++) statuses.push((await beat('beats', s.sessionId)).status);
    const ok = statuses.filter((x) => x === 200).length;
    console.log(`[heartbeats] 30 in one minute: ${ok} × 200, ${30 - ok} × 429`);
    expect(ok).toBe(12);
    expect(statuses.slice(12).every((x) => x === 429)).toBe(true);
    h.clock.advance(60_000);
    expect((await beat('beats', s.sessionId)).status).toBe(200);
  });
});
