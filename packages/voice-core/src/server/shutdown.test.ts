import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../test/server/testHarness';
import { ADMIN_SECRET } from '../../test/server/wireHandler';
import { installShutdownHandlers } from './shutdown';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const admin = { authorization: `Bearer ${ADMIN_SECRET}` };

describe('admin', () => {
  it('requires the admin secret', async () => {
    h = await startHarness();
    expect((await h.call('GET', '/admin/sessions')).status).toBe(401);
    expect(
      (await h.call('POST', '/admin/shutdown', { headers: { authorization: 'Bearer nope' } }))
        .status,
    ).toBe(401);
  });

  it('lists live sessions with durations and cost, and the emergency shutdown ends them all', async () => {
    h = await startHarness({ launcher: 'self-hosted' });
    for (const u of ['a', 'b', 'c']) expect((await h.start(u)).status).toBe(200);
    await h.handler.settled();
    h.clock.advance(60_000);
    const list = await h.call('GET', '/admin/sessions', { headers: admin });
    const sessions = (list.json as { sessions: { durationMs: number; cost: { total: number } }[] })
      .sessions;
    expect(sessions).toHaveLength(3);
    for (const s of sessions) {
      expect(s.durationMs).toBe(60_000);
      expect(s.cost.total).toBeGreaterThan(0);
    }
    const res = await h.call('POST', '/admin/shutdown', { headers: admin });
    expect(res.json).toEqual({ ok: true, ended: 3 });
    expect(h.bot.inRoom.size).toBe(0);
    expect(h.bot.leaves).toHaveLength(3);
    expect(h.daily.rooms.size).toBe(0);
    expect((await h.call('GET', '/admin/sessions', { headers: admin })).json).toEqual({
      sessions: [],
    });
  });
});

describe('installShutdownHandlers', () => {
  it('ends every session on SIGTERM before exiting', async () => {
    h = await startHarness();
    for (const u of ['a', 'b']) expect((await h.start(u)).status).toBe(200);
    await h.handler.settled();
    const exited = new Promise<number>((resolve) => {
      const uninstall = installShutdownHandlers(h.handler, {
        exit: (code) => {
          uninstall();
          resolve(code);
        },
      });
    });
    process.emit('SIGTERM', 'SIGTERM');
    expect(await exited).toBe(0);
    expect(h.daily.deleted.sort()).toEqual(['voice-a', 'voice-b']);
    expect(h.daily.rooms.size).toBe(0);
    expect((await h.start('c')).status).toBe(503);
  });

  it('also deletes rooms held for the persistence window', async () => {
    h = await startHarness({ launcher: 'self-hosted' });
    const s = (await h.start('p')).json as { sessionId: string };
    await h.call('DELETE', '/session', { user: 'p', body: { sessionId: s.sessionId } });
    expect(h.daily.rooms.size).toBe(1);
    await h.handler.shutdown();
    expect(h.daily.rooms.size).toBe(0);
  });
});
