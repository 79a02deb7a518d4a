/**
 * The browser engine against the real server handler over loopback HTTP: the client's
 * contract (start, SSE events, heartbeat-free short run, end) and the server's agree.
 * Vendors: the fake Daily REST API (real HTTP) and a launcher that starts the mock bot in the
 * mock room the engine joins; the bot's webhook goes to the handler's real `/webhook`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import type { WebhookEvent } from '../src/runtime/backend/backendProtocol';
import { createMockRoom, GOODBYE_CONVERSATION, MockDailyCall } from '../src/testing';
import { createVoiceSession } from '../src/voiceSession';
import type { BotLauncher } from '../src/server/botLauncher';
import { startFakeDaily } from '../src/server/fakes';
import { toNodeListener } from '../src/server/nodeAdapter';
import { createVoiceHandler } from '../src/server/voiceHandler';
import { signWebhook } from '../src/server/webhook';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

it('a full session: engine → handler → fake Daily, with the bot webhook relayed over SSE', async () => {
  const secret = 'whsec_integration_0123456789';
  const daily = await startFakeDaily({ apiKey: 'dk_integration' });
  cleanups.push(() => daily.close());
  let base = '';
  const webhooks: Promise<number>[] = [];
  const room = createMockRoom({
    bot: {
      joinMs: 50,
      readyMs: 150,
      script: GOODBYE_CONVERSATION,
      onWebhook: (event: WebhookEvent) => {
        // Signed as a bot signs it (x-parley-signature over the exact body).
        const body = JSON.stringify(event);
        webhooks.push(
          signWebhook(secret, body)
            .then((signature) =>
              fetch(`${base}/webhook`, {
                method: 'POST',
                headers: { 'x-parley-signature': signature, 'content-type': 'application/json' },
                body,
              }),
            )
            .then((r) => r.status),
        );
      },
    },
  });
  cleanups.push(() => room.dispose());
  const launcher: BotLauncher = {
    kind: 'mock-room',
    canLeave: false,
    launch: async ({ sessionId }) => room.launchBot(sessionId),
  };
  const handler = createVoiceHandler({
    daily: { apiKey: 'dk_integration', baseUrl: daily.url },
    launcher,
    authenticate: () => 'user-42',
    webhookSecret: secret,
    botName: room.bot.name,
  });
  const server = createServer(toNodeListener(handler));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    await handler.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/voice`;

  const streams: string[] = [];
  const countingFetch: typeof fetch = (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    if (url.includes('/events?')) streams.push(url);
    return fetch(input, init);
  };
  const session = createVoiceSession({
    backend: { baseUrl: base, fetch: countingFetch },
    callFactory: room.callFactory,
    pageLifecycle: false,
  });
  const statuses: string[] = [];
  const errors: string[] = [];
  session.on('voice.status', ({ status }) => statuses.push(status));
  session.on('voice.error', ({ error }) => errors.push(`${error.code}: ${error.message}`));
  const ended = new Promise<string>((resolve) =>
    session.on('voice.session.end', ({ reason }) => resolve(reason)),
  );
  cleanups.push(() => session.destroy());

  await session.start();
  expect(session.getSnapshot().status).toBe('active');
  const { roomUrl, sessionId } = session.getSnapshot();
  expect(roomUrl).toBe(daily.rooms.get('voice-user-42')?.url);
  expect(daily.tokens.some((t) => t.r === 'voice-user-42' && t.o !== true)).toBe(true);

  expect(await ended).toBe('user-goodbye');
  expect(statuses).toEqual(['connecting', 'active', 'disconnecting', 'inactive']);
  expect(errors).toEqual([]);
  expect((await Promise.all(webhooks)).every((s) => s === 200)).toBe(true);
  expect(webhooks.length).toBeGreaterThan(0);
  // the engine followed the backend's event stream; each spoken line is there once although
  // the bot reported it over RTVI and through the webhook → SSE relay
  expect(streams).toEqual([`${base}/events?sessionId=${sessionId}`]);
  const lines = session.getSnapshot().transcript.map((e) => `${e.role}:${e.text}`);
  expect(lines).toEqual(['user:Goodbye!', 'bot:Goodbye, talk soon!']);
  expect(MockDailyCall.liveInstances()).toBe(0);
  await handler.settled();
  expect((await handler.sessions()).find((s) => s.sessionId === sessionId)).toBeUndefined();
}, 15_000);
