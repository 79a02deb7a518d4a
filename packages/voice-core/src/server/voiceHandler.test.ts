import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorBodySchema, StartSessionResponseSchema } from '../runtime/backend/backendProtocol';
import { decodeMeetingToken } from './fakes';
import { type Harness, START_TIME, startHarness } from '../../test/server/testHarness';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const startOk = async (user: string, body: unknown = {}) => {
  const res = await h.start(user, body);
  expect(res.status, res.text).toBe(200);
  return v.parse(StartSessionResponseSchema, res.json);
};
const expectError = (res: { status: number; json: unknown }, status: number, code: string) => {
  expect(res.status).toBe(status);
  expect(v.parse(ErrorBodySchema, res.json).error.code).toBe(code);
};

describe('POST /session', () => {
  it('answers the contract, with a locked-down room and an owner-less token', async () => {
    h = await startHarness();
    const answer = await startOk('alice', {
      assistant: { personalityId: 'p1', persona: 'coach', voiceId: 'v1' },
    });
    expect(answer.reused).toBe(false);
    expect(answer.limits).toEqual({
      hardMs: 600_000,
      idleMs: 120_000,
      warnMs: 60_000,
      idleWarnMs: 30_000,
    });
    expect(answer.expiresAt).toBe(START_TIME + 600_000);
    expect(answer.eventsUrl).toBe(`/events?sessionId=${answer.sessionId}`);

    const room = h.daily.rooms.get('voice-alice');
    expect(room?.privacy).toBe('private');
    expect(room?.config).toMatchObject({
      max_participants: 2,
      enable_knocking: false,
      enable_screenshare: false,
      enable_chat: false,
      enable_recording: false,
      enable_prejoin_ui: false,
      eject_at_room_exp: true,
    });
    expect(answer.roomUrl).toBe(room?.url);

    const claims = decodeMeetingToken(answer.token);
    expect(claims.r).toBe('voice-alice');
    expect(claims.exp).toBeLessThanOrEqual(Math.floor(answer.expiresAt / 1000));
    expect(claims.ejt).toBe(true);
    expect(claims.ud).toBe('alice');
    expect(claims.o).not.toBe(true);
    for (const t of h.daily.tokens) {
      expect(t.r).toBe('voice-alice');
      expect(t.o).not.toBe(true);
    }

    await h.handler.settled();
    expect(h.pipecat.starts).toHaveLength(1);
    expect(h.pipecat.requests[0]?.path).toBe('/v1/public/parley-agent/start');
    expect(h.pipecat.starts[0]?.body).toMatchObject({
      createDailyRoom: false,
      body: {
        room_url: answer.roomUrl,
        personalityId: 'p1',
        persona: 'coach',
        voice: 'v1',
        voiceOnly: true,
      },
    });
    const botToken = (h.pipecat.starts[0]!.body as { body: { token: string } }).body.token;
    expect(decodeMeetingToken(botToken)).toMatchObject({ r: 'voice-alice', u: 'Parley' });
    expect(decodeMeetingToken(botToken).o).not.toBe(true);
  });

  it('sanitises the room name and keeps distinct users apart', async () => {
    h = await startHarness();
    await startOk('a.b@x');
    await startOk('a_b@x');
    const names = [...h.daily.rooms.keys()];
    expect(names).toHaveLength(2);
    for (const n of names) expect(n).toMatch(/^voice-[A-Za-z0-9_-]{1,58}$/);
  });

  it('reuses the live session of the same user with a fresh token', async () => {
    h = await startHarness();
    const first = await startOk('bob');
    const second = await startOk('bob');
    expect(second.sessionId).toBe(first.sessionId);
    expect(second.reused).toBe(true);
    expect(h.daily.rooms.size).toBe(1);
    await h.handler.settled();
    expect(h.pipecat.starts).toHaveLength(1);
  });

  it('reuses the room inside the persistence window (self-hosted bot), then tears it down', async () => {
    h = await startHarness({ launcher: 'self-hosted', handler: { limits: { cooldownMs: 0 } } });
    const first = await startOk('carol');
    await h.handler.settled();
    expect(
      (await h.call('DELETE', '/session', { user: 'carol', body: { sessionId: first.sessionId } }))
        .status,
    ).toBe(200);
    expect(h.bot.leaves).toHaveLength(1);
    expect(h.daily.rooms.has('voice-carol')).toBe(true);

    h.clock.advance(60_000);
    const second = await startOk('carol');
    expect(second.reused).toBe(true);
    expect(second.sessionId).not.toBe(first.sessionId);
    expect(second.roomUrl).toBe(first.roomUrl);
    expect(
      h.daily.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/rooms')),
    ).toHaveLength(1);
    await h.handler.settled();
    expect(h.bot.joins).toHaveLength(2);
    expect(h.bot.joins[1]).toMatchObject({ voiceOnly: true, sessionPersistence: 300 });

    await h.call('POST', '/session/end', { user: 'carol', body: { sessionId: second.sessionId } });
    h.clock.advance(299_000);
    await h.handler.sweep();
    expect(h.daily.rooms.has('voice-carol')).toBe(true);
    h.clock.advance(2_000);
    await h.handler.sweep();
    expect(h.daily.deleted).toEqual(['voice-carol']);
  });

  it('with Pipecat Cloud, ending deletes the room (the only way to stop the bot)', async () => {
    h = await startHarness();
    const s = await startOk('dave');
    await h.call('DELETE', '/session', { user: 'dave', body: { sessionId: s.sessionId } });
    expect(h.daily.deleted).toEqual(['voice-dave']);
  });

  it('surfaces a bot launch that fails before the token is ready as 502, and frees the slot', async () => {
    const { createDailyRestClient } = await import('./dailyRestClient');
    const { createPipecatCloudLauncher } = await import('./botLauncher');
    const { DAILY_KEY, PIPECAT_KEY } = await import('../../test/server/wireHandler');
    let dailyUrl = '';
    let pipecatUrl = '';
    // Ordered by events, not by a timer: the user's token is minted only once the bot's
    // launch has failed, so the failure always comes first however loaded the machine is.
    let launchSettled!: () => void;
    const launchDone = new Promise<void>((resolve) => {
      launchSettled = resolve;
    });
    const daily = () => createDailyRestClient({ apiKey: DAILY_KEY, baseUrl: dailyUrl });
    h = await startHarness({
      handler: {
        limits: { maxConcurrent: 1 },
        launcher: {
          kind: 'pipecat-cloud',
          canLeave: false,
          async launch(input) {
            const real = createPipecatCloudLauncher({
              apiKey: PIPECAT_KEY,
              agentName: 'parley-agent',
              baseUrl: pipecatUrl,
              retry: { maxRetries: 0 },
            });
            try {
              await real.launch(input);
            } finally {
              launchSettled();
            }
          },
        },
        daily: {
          getRoom: (n) => daily().getRoom(n),
          createRoom: (i) => daily().createRoom(i),
          deleteRoom: (n) => daily().deleteRoom(n),
          async createMeetingToken(p) {
            if (p.user_id !== 'bot') {
              await launchDone;
              // One more turn of the event loop: the launch's rejection handlers run first.
              await new Promise((r) => setImmediate(r));
            }
            return daily().createMeetingToken(p);
          },
        },
      },
    });
    dailyUrl = h.daily.url;
    pipecatUrl = h.pipecat.url;
    h.pipecat.failNext({ status: 401 });
    const res = await h.start('erin');
    expectError(res, 502, 'bot-launch-failed');
    expect(JSON.stringify(res.json)).not.toContain('fake failure');
    expect(h.daily.deleted).toEqual(['voice-erin']);
    await startOk('frank');
  });

  it('ends the session by event when the bot fails after the answer', async () => {
    h = await startHarness();
    h.pipecat.setLatency(150);
    h.pipecat.failNext({ status: 400 });
    const s = await startOk('gina');
    const { openSse } = await import('../../test/server/testHarness');
    const sse = await openSse(`${h.base}/events?sessionId=${s.sessionId}`, {
      'x-test-user': 'gina',
    });
    await sse.until((e) => e.some((x) => x.type === 'session-ended'));
    expect(sse.events.at(-1)).toMatchObject({
      type: 'session-ended',
      data: { reason: 'bot-failed' },
    });
    await sse.closed;
    // The event goes out before the room is deleted; the late end runs in the background.
    await h.handler.settled();
    expect(h.daily.deleted).toEqual(['voice-gina']);
  });

  it('retries Daily 429 with Retry-After and 5xx, and maps exhausted failures to 502', async () => {
    h = await startHarness();
    h.daily.failNext({ status: 429, retryAfter: 0 });
    h.daily.failNext({ status: 503 });
    await startOk('hank');
    h.daily.failNext({ status: 500, count: 10 });
    const res = await h.start('ivy');
    expectError(res, 502, 'upstream');
  });
});

describe('ending, heartbeat and mute', () => {
  it('ends idempotently through DELETE and the sendBeacon route (text/plain)', async () => {
    h = await startHarness();
    const s = await startOk('jo');
    const first = await h.call('DELETE', '/session', {
      user: 'jo',
      body: { sessionId: s.sessionId },
    });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ ok: true, alreadyEnded: false });
    const beacon = await h.call('POST', '/session/end', {
      user: 'jo',
      rawBody: JSON.stringify({ sessionId: s.sessionId }),
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
    });
    expect(beacon.status).toBe(200);
    expect(beacon.json).toMatchObject({ ok: true, alreadyEnded: true });
    expect(h.daily.deleted).toEqual(['voice-jo']);
  });

  it('heartbeat active resets idle; mute with an older `at` loses', async () => {
    h = await startHarness();
    const s = await startOk('kim');
    h.clock.advance(100_000);
    const beat = await h.call('POST', '/session/heartbeat', {
      user: 'kim',
      body: { sessionId: s.sessionId, active: true, at: 1 },
    });
    expect(beat.json).toMatchObject({ ok: true, idleDeadline: START_TIME + 100_000 + 120_000 });
    const mute = (muted: boolean, at: number) =>
      h.call('POST', '/mute', { user: 'kim', body: { sessionId: s.sessionId, muted, at } });
    expect((await mute(true, 20)).json).toMatchObject({ muted: true, applied: true });
    expect((await mute(false, 10)).json).toMatchObject({ muted: true, applied: false });
    expect((await mute(false, 30)).json).toMatchObject({ muted: false, applied: true });
  });

  it('refuses other users (403), unknown sessions (404), and ended sessions (410)', async () => {
    h = await startHarness();
    const s = await startOk('lee');
    expectError(
      await h.call('DELETE', '/session', { user: 'mallory', body: { sessionId: s.sessionId } }),
      403,
      'forbidden',
    );
    expectError(
      await h.call('GET', `/events?sessionId=${s.sessionId}`, { user: 'mallory' }),
      403,
      'forbidden',
    );
    expectError(await h.call('GET', `/events?sessionId=${s.sessionId}`), 401, 'unauthenticated');
    expectError(
      await h.call('DELETE', '/session', { user: 'lee', body: { sessionId: 'nope' } }),
      404,
      'session-not-found',
    );
    await h.call('DELETE', '/session', { user: 'lee', body: { sessionId: s.sessionId } });
    expectError(
      await h.call('POST', '/session/heartbeat', {
        user: 'lee',
        body: { sessionId: s.sessionId, active: true, at: 1 },
      }),
      410,
      'session-ended',
    );
  });
});

describe('errors', () => {
  it('answers 400/404/405/413/415 as JSON', async () => {
    h = await startHarness();
    expectError(
      await h.call('POST', '/session', {
        user: 'u',
        rawBody: '{nope',
        headers: { 'content-type': 'application/json' },
      }),
      400,
      'invalid-json',
    );
    expectError(
      await h.call('POST', '/session', { user: 'u', body: { persistence: -1 } }),
      400,
      'bad-request',
    );
    expectError(await h.call('GET', '/nope', { user: 'u' }), 404, 'not-found');
    const wrong = await h.call('PUT', '/session', { user: 'u' });
    expectError(wrong, 405, 'method-not-allowed');
    expect(wrong.headers.get('allow')).toBe('POST, DELETE');
    expectError(
      await h.call('POST', '/session', {
        user: 'u',
        rawBody: JSON.stringify({ x: 'a'.repeat(20_000) }),
        headers: { 'content-type': 'application/json' },
      }),
      413,
      'payload-too-large',
    );
    expectError(
      await h.call('POST', '/session', {
        user: 'u',
        rawBody: 'a=b',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      415,
      'unsupported-media-type',
    );
    expectError(await h.call('POST', '/session', { body: {} }), 401, 'unauthenticated');
  });

  it('never trusts the body userId when authenticate is set', async () => {
    h = await startHarness();
    const s = await startOk('real-user', { userId: 'someone-else' });
    expect(decodeMeetingToken(s.token).ud).toBe('real-user');
    expect(h.daily.rooms.has('voice-real-user')).toBe(true);
  });

  it('issues a signed anonymous id without authenticate, and rejects a forged one', async () => {
    h = await startHarness({ anonymous: true });
    const res = await h.call('POST', '/session', { body: {} });
    expect(res.status).toBe(200);
    const anon = res.headers.get('x-parley-anon');
    expect(anon).toMatch(/^anon-[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(res.headers.get('set-cookie')).toContain('HttpOnly');
    const { sessionId } = v.parse(StartSessionResponseSchema, res.json);
    const cookie = `parley_anon=${anon}`;
    const again = await h.call('POST', '/session', { body: {}, headers: { cookie } });
    expect(v.parse(StartSessionResponseSchema, again.json)).toMatchObject({
      sessionId,
      reused: true,
    });
    const forged = `${anon!.split('.')[0]}x.${anon!.split('.')[1]}`;
    expectError(
      await h.call('GET', `/events?sessionId=${sessionId}`, {
        headers: { 'x-parley-anon': forged },
      }),
      401,
      'unauthenticated',
    );
    expect(
      (
        await h.call('DELETE', '/session', {
          body: { sessionId },
          headers: { 'x-parley-anon': anon! },
        })
      ).status,
    ).toBe(200);
  });
});
