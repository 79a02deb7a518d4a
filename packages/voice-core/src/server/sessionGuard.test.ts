import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorBodySchema, StartSessionResponseSchema } from '../runtime/backend/backendProtocol';
import { type Harness, openSse, startHarness } from '../../test/server/testHarness';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const refusal = (res: { status: number; json: unknown; headers: Headers }) => {
  expect(res.status).toBe(429);
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  return v.parse(ErrorBodySchema, res.json).error.code;
};
const sessionOf = (res: { json: unknown }) =>
  v.parse(StartSessionResponseSchema, res.json).sessionId;
const end = (user: string, sessionId: string) =>
  h.call('DELETE', '/session', { user, body: { sessionId } });

describe('start limits (each refusal has its own code)', () => {
  it('global concurrency cap → capacity', async () => {
    h = await startHarness({ handler: { limits: { maxConcurrent: 2 } } });
    expect((await h.start('a')).status).toBe(200);
    const b = await h.start('b');
    expect(b.status).toBe(200);
    expect(refusal(await h.start('c'))).toBe('capacity');
    await end('b', sessionOf(b));
    expect((await h.start('c')).status).toBe(200);
  });

  it('per-user daily cap → user-cap, reset the next UTC day', async () => {
    h = await startHarness({ handler: { limits: { perUserDaily: 2, cooldownMs: 0 } } });
    for (let i = 0; i < 2; i++) await end('u', sessionOf(await h.start('u')));
    expect(refusal(await h.start('u'))).toBe('user-cap');
    expect((await h.start('other')).status).toBe(200);
    h.clock.advance(24 * 3600_000);
    expect((await h.start('u')).status).toBe(200);
  });

  it('cooldown between a user’s sessions → cooldown with Retry-After', async () => {
    h = await startHarness();
    const first = sessionOf(await h.start('u'));
    // The session became active (the page beat): ending it now sets the cooldown.
    await h.call('POST', '/session/heartbeat', {
      user: 'u',
      body: { sessionId: first, active: true, at: 1 },
    });
    await end('u', first);
    const res = await h.start('u');
    expect(refusal(res)).toBe('cooldown');
    expect(res.headers.get('retry-after')).toBe('30');
    h.clock.advance(30_000);
    expect((await h.start('u')).status).toBe(200);
  });

  it('global daily budget → budget', async () => {
    h = await startHarness({ handler: { limits: { dailyBudget: 3 } } });
    for (const u of ['a', 'b', 'c']) await end(u, sessionOf(await h.start(u)));
    expect(refusal(await h.start('d'))).toBe('budget');
  });

  it('a second start while the first is still starting → session-active', async () => {
    h = await startHarness();
    h.daily.setLatency(50);
    const [x, y] = await Promise.all([h.start('same'), h.start('same')]);
    const statuses = [x.status, y.status].sort();
    expect(statuses).toEqual([200, 429]);
    expect(refusal(x.status === 429 ? x : y)).toBe('session-active');
  });

  it('refuses new sessions with 503 while shutting down', async () => {
    h = await startHarness();
    await h.handler.shutdown();
    const res = await h.start('late');
    expect(res.status).toBe(503);
    expect(v.parse(ErrorBodySchema, res.json).error.code).toBe('shutting-down');
  });
});

describe('timers (injected clock + sweep)', () => {
  it('warns before the hard limit, then ends the session at it', async () => {
    // A 2-minute lead (the default is 1 minute) to see the warning two sweeps before the end.
    h = await startHarness({ handler: { limits: { warnMs: 120_000 } } });
    const id = sessionOf(await h.start('t'));
    const sse = await openSse(`${h.base}/events?sessionId=${id}`, { 'x-test-user': 't' });
    const keepActive = () =>
      h.call('POST', '/session/heartbeat', {
        user: 't',
        body: { sessionId: id, active: true, at: 0 },
      });
    for (let i = 0; i < 8; i++) {
      h.clock.advance(60_000);
      await keepActive();
      await h.handler.sweep();
    }
    await sse.until((e) => e.some((x) => x.type === 'warning'));
    expect(sse.events.find((e) => e.type === 'warning')).toMatchObject({
      data: { kind: 'hard', remainingMs: 120_000 },
    });
    h.clock.advance(60_000);
    await keepActive();
    await h.handler.sweep();
    expect(sse.events.filter((e) => e.type === 'warning')).toHaveLength(1);
    h.clock.advance(60_000);
    await h.handler.sweep();
    await sse.until((e) => e.some((x) => x.type === 'session-ended'));
    expect(sse.events.at(-1)).toMatchObject({
      type: 'session-ended',
      data: { reason: 'hard-timeout' },
    });
    await sse.closed;
    expect(h.daily.deleted).toEqual(['voice-t']);
  });

  it('warns before the idle limit, then ends an idle session', async () => {
    h = await startHarness();
    const id = sessionOf(await h.start('idle'));
    const sse = await openSse(`${h.base}/events?sessionId=${id}`, { 'x-test-user': 'idle' });
    // The page is alive and silent: its heartbeats say so (active=false).
    for (let i = 0; i < 2; i++) {
      h.clock.advance(45_000);
      await h.call('POST', '/session/heartbeat', {
        user: 'idle',
        body: { sessionId: id, active: false, at: i },
      });
    }
    await h.handler.sweep();
    await sse.until((e) => e.some((x) => x.type === 'warning'));
    expect(sse.events[0]).toMatchObject({
      type: 'warning',
      data: { kind: 'idle', remainingMs: 30_000 },
    });
    h.clock.advance(30_000);
    await h.handler.sweep();
    await sse.until((e) => e.some((x) => x.type === 'session-ended'));
    expect(sse.events.at(-1)).toMatchObject({ data: { reason: 'idle-timeout' } });
    const list = await h.call('GET', '/admin/sessions', {
      headers: { authorization: 'Bearer admin_test_abcdef123456' },
    });
    expect(list.json).toEqual({ sessions: [] });
  });

  it('heartbeat with active=false does not reset idle', async () => {
    h = await startHarness();
    const id = sessionOf(await h.start('quiet'));
    h.clock.advance(100_000);
    await h.call('POST', '/session/heartbeat', {
      user: 'quiet',
      body: { sessionId: id, active: false, at: 0 },
    });
    h.clock.advance(20_000);
    await h.handler.sweep();
    const beat = await h.call('POST', '/session/heartbeat', {
      user: 'quiet',
      body: { sessionId: id, active: true, at: 0 },
    });
    expect(beat.status).toBe(410);
  });
});
