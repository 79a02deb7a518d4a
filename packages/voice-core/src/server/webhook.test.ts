import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { StartSessionResponseSchema } from '../runtime/backend/backendProtocol';
import { type Harness, openSse, startHarness } from '../../test/server/testHarness';
import { WEBHOOK_SECRET } from '../../test/server/wireHandler';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

async function live(user: string) {
  return v.parse(StartSessionResponseSchema, (await h.start(user)).json).sessionId;
}
const transcript = (id: string, sessionId: string, role: 'user' | 'bot', text = 'hi') => ({
  id,
  sessionId,
  type: 'transcript',
  data: { role, text, final: true },
});
const events = (sessionId: string, user: string, headers: Record<string, string> = {}) =>
  openSse(`${h.base}/events?sessionId=${sessionId}`, { 'x-test-user': user, ...headers });

describe('POST /webhook', () => {
  it('requires the shared secret', async () => {
    h = await startHarness();
    const id = await live('w');
    expect((await h.webhook(transcript('e1', id, 'bot'), 'wrong')).status).toBe(401);
    expect((await h.webhook(transcript('e1', id, 'bot'), `${WEBHOOK_SECRET}x`)).status).toBe(401);
    expect((await h.call('POST', '/webhook', { body: transcript('e1', id, 'bot') })).status).toBe(
      401,
    );
    expect((await h.webhook(transcript('e1', id, 'bot'))).json).toEqual({
      ok: true,
      outcome: 'delivered',
    });
  });

  it('dedupes by event id, drops user speech while muted, ends on goodbye', async () => {
    h = await startHarness();
    const id = await live('w');
    const sse = await events(id, 'w');
    expect((await h.webhook(transcript('e1', id, 'bot', 'hello'))).json).toMatchObject({
      outcome: 'delivered',
    });
    expect((await h.webhook(transcript('e1', id, 'bot', 'hello'))).json).toMatchObject({
      outcome: 'duplicate',
    });
    await h.call('POST', '/mute', { user: 'w', body: { sessionId: id, muted: true, at: 1 } });
    expect((await h.webhook(transcript('e2', id, 'user', 'secret'))).json).toMatchObject({
      outcome: 'muted',
    });
    expect((await h.webhook(transcript('e3', id, 'bot', 'still here'))).json).toMatchObject({
      outcome: 'delivered',
    });
    await h.call('POST', '/mute', { user: 'w', body: { sessionId: id, muted: false, at: 2 } });
    expect((await h.webhook(transcript('e4', id, 'user', 'ok'))).json).toMatchObject({
      outcome: 'delivered',
    });
    expect(
      (await h.webhook({ id: 'e5', sessionId: id, type: 'goodbye', data: { from: 'user' } })).json,
    ).toMatchObject({
      outcome: 'delivered',
    });
    await sse.closed;
    expect(sse.events.map((e) => e.id).slice(0, 4)).toEqual(['e1', 'e3', 'e4', 'e5']);
    expect(sse.events.map((e) => e.type)).toEqual([
      'transcript',
      'transcript',
      'transcript',
      'goodbye',
      'session-ended',
    ]);
    expect(sse.events.at(-1)).toMatchObject({ data: { reason: 'goodbye' } });
    expect(h.daily.deleted).toEqual(['voice-w']);
    expect((await h.webhook(transcript('e6', id, 'bot'))).json).toMatchObject({ outcome: 'ended' });
  });

  it('rejects malformed events and event data that does not fit the type', async () => {
    h = await startHarness();
    const id = await live('w');
    expect(
      (await h.webhook({ id: 'x', sessionId: id, type: 'transcript', data: { role: 'alien' } }))
        .status,
    ).toBe(400);
    expect((await h.webhook({ id: 'a\nb', sessionId: id, type: 'goodbye' })).status).toBe(400);
    expect((await h.webhook({ id: 'x', sessionId: 'missing', type: 'goodbye' })).status).toBe(404);
  });
});

describe('GET /events', () => {
  it('delivers each event once, holds events until someone listens, replays from Last-Event-ID', async () => {
    h = await startHarness({ handler: { keepAliveMs: 20 } });
    const id = await live('s');
    await h.webhook(transcript('early', id, 'bot'));
    const first = await events(id, 's');
    await first.until((e) => e.length === 1);
    expect(first.events[0]?.id).toBe('early');
    await h.webhook(transcript('e2', id, 'bot'));
    await first.until((e) => e.length === 2);
    await first.until(() => first.comments.includes('keep-alive'));
    first.abort();

    // A plain reconnect gets only what nobody has seen yet.
    await h.webhook(transcript('e3', id, 'bot'));
    const second = await events(id, 's');
    await second.until((e) => e.length === 1);
    expect(second.events.map((e) => e.id)).toEqual(['e3']);
    second.abort();

    // Reconnecting with Last-Event-ID replays what came after it.
    const replay = await events(id, 's', { 'last-event-id': 'early' });
    await replay.until((e) => e.length === 2);
    expect(replay.events.map((e) => e.id)).toEqual(['e2', 'e3']);
    await h.call('DELETE', '/session', { user: 's', body: { sessionId: id } });
    await replay.closed;
    expect(replay.events.at(-1)?.type).toBe('session-ended');
  });

  it('an ended session’s stream replays what was missed, then closes', async () => {
    h = await startHarness();
    const id = await live('z');
    await h.call('DELETE', '/session', { user: 'z', body: { sessionId: id } });
    const sse = await events(id, 'z');
    await sse.closed;
    expect(sse.events.map((e) => e.type)).toEqual(['session-ended']);
  });
});
