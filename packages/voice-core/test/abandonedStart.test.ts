/**
 * An abandoned start, end to end: the browser engine against the real handler over loopback
 * HTTP (fake Daily REST). The page stops while its `POST /session` is still being processed
 * (the room creation is held until the stop has been sent), so it never learns the session's
 * id; its end names the start's key, and the server ends that session exactly once.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import type { BotLauncher } from '../src/server/botLauncher';
import { createDailyRestClient } from '../src/server/dailyRestClient';
import { startFakeDaily } from '../src/server/fakes';
import { createMemoryStore } from '../src/server/memoryStore';
import { toNodeListener } from '../src/server/nodeAdapter';
import { createVoiceHandler } from '../src/server/voiceHandler';
import { createMockRoom, MockDailyCall } from '../src/testing';
import { createVoiceSession } from '../src/voiceSession';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

it('a stop while POST /session is in flight ends the session the server made, exactly once', async () => {
  const daily = await startFakeDaily({ apiKey: 'dk_abandoned' });
  cleanups.push(() => daily.close());
  const rest = createDailyRestClient({ apiKey: 'dk_abandoned', baseUrl: daily.url });
  let entered!: () => void;
  const inCreate = new Promise<void>((resolve) => {
    entered = resolve;
  });
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const room = createMockRoom({ bot: { script: [] } });
  cleanups.push(() => room.dispose());
  const launches: string[] = [];
  const launcher: BotLauncher = {
    kind: 'mock-room',
    canLeave: false,
    launch: async ({ sessionId }) => {
      launches.push(sessionId);
    },
  };
  const store = createMemoryStore();
  let roomDeleted!: () => void;
  const deleted = new Promise<void>((resolve) => {
    roomDeleted = resolve;
  });
  const handler = createVoiceHandler({
    daily: {
      getRoom: (n) => rest.getRoom(n),
      async createRoom(input) {
        entered();
        await gate;
        return rest.createRoom(input);
      },
      async deleteRoom(n) {
        const done = await rest.deleteRoom(n);
        roomDeleted();
        return done;
      },
      createMeetingToken: (p) => rest.createMeetingToken(p),
    },
    launcher,
    store,
    authenticate: () => 'user-abandons',
    botName: room.bot.name,
    sweepIntervalMs: 0,
  });
  const server = createServer(toNodeListener(handler));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    await handler.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/voice`;
  const sent: string[] = [];
  const watching: typeof fetch = (input, init) => {
    sent.push(`${init?.method} ${String(input).slice(base.length)} ${init?.body ?? ''}`);
    return fetch(input, init);
  };
  const session = createVoiceSession({
    backend: { baseUrl: base, fetch: watching, retries: 0 },
    callFactory: room.callFactory,
    persistence: 0,
  });
  cleanups.push(() => session.destroy());
  const statuses: string[] = [];
  session.on('voice.status', ({ status }) => statuses.push(status));

  void session.start();
  await inCreate; // the server has admitted the start and is making its room
  await session.stop(); // resolves once the end was answered
  expect((await store.list()).map((r) => r.status)).toEqual(['ended']);
  release();
  // The held start goes on, makes its room, finds its session ended and deletes the room.
  await deleted;
  await handler.settled();
  const records = await store.list();

  const key = JSON.parse(sent[0]!.split(' ').slice(2).join(' ')).idempotencyKey as string;
  expect(sent.map((line) => line.split(' ').slice(0, 2).join(' '))).toEqual([
    'POST /session',
    'DELETE /session',
  ]);
  expect(JSON.parse(sent[1]!.split(' ').slice(2).join(' '))).toMatchObject({
    idempotencyKey: key,
    reason: 'user',
  });
  expect(records.map((r) => [r.status, r.endReason, r.idempotencyKey])).toEqual([
    ['ended', 'user', key],
  ]);
  expect(daily.rooms.size).toBe(0);
  expect(daily.deleted).toHaveLength(1);
  expect(launches).toEqual([]);
  expect(statuses).toEqual(['connecting', 'disconnecting', 'inactive']);
  expect(MockDailyCall.liveInstances()).toBe(0);
});
