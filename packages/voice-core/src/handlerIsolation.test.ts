/**
 * An app's callbacks — event handlers, snapshot and level subscribers — that throw change
 * nothing the engine does: their exception is reported once to the other `voice.error`
 * handlers (never back to the one that threw), and never reaches daily-js's event dispatch,
 * the caller of a command, or a promise the app awaits.
 */
import { describe, expect, it, vi } from 'vitest';
import { useEngineClock } from '../test/engineHarness';
import { createBackendClient } from './runtime/backend/backendClient';
import {
  createMockBackend,
  createMockRoom,
  type MockBackendFailure,
  MockDailyCall,
} from './testing';
import type { VoiceEventType } from './voiceEvents';
import { createVoiceSession, type VoiceSession } from './voiceSession';

const { settle, defer, drain, setup: engineSetup } = useEngineClock();

function setup(o: { failure?: MockBackendFailure } = {}) {
  const { room, backend, session, statuses } = engineSetup({ bot: { mode: 'happy' } });
  if (o.failure) backend.failNext(o.failure, 1, '/session');
  return { room, backend, session, statuses };
}

/** A `voice.error` handler that throws, counting its calls; and one that records the codes. */
function throwingErrorHandler(session: VoiceSession) {
  const calls: string[] = [];
  session.on('voice.error', ({ error }) => {
    calls.push(error.code);
    throw new Error('handler bug');
  });
  const heard: string[] = [];
  session.on('voice.error', ({ error }) => heard.push(`${error.code}:${error.message}`));
  return { calls, heard };
}

describe('a throwing handler changes nothing the engine does', () => {
  it('sendText while inactive: false, the thrower called once, the others told once of its throw', () => {
    const { session } = setup();
    const { calls, heard } = throwingErrorHandler(session);
    expect(session.sendText('hello')).toBe(false);
    expect(calls).toEqual(['invalid-state']);
    expect(heard).toEqual([
      'invalid-state:Text can only be sent during an active session.',
      'invalid-state:a "voice.error" handler threw: handler bug',
    ]);
    // The handler's exception says nothing about the session: the snapshot keeps the real error.
    expect(session.getSnapshot().error?.message).toBe(
      'Text can only be sent during an active session.',
    );
  });

  it('start() against a 500 resolves, ends unavailable, releases the call; the next session in the page starts', async () => {
    const a = setup({ failure: { status: 500 } });
    const { calls } = throwingErrorHandler(a.session);
    await expect(settle(a.session.start())).resolves.toBeUndefined();
    await vi.advanceTimersByTimeAsync(500);
    expect(a.statuses).toEqual(['connecting', 'unavailable']);
    expect(a.session.getSnapshot().error?.code).toBe('backend-server');
    expect(calls).toEqual(['backend-server']);
    expect(MockDailyCall.liveInstances()).toBe(0);

    const b = setup();
    const started = b.session.start();
    await vi.advanceTimersByTimeAsync(1500);
    await started;
    expect(b.statuses).toEqual(['connecting', 'active']);
  });

  it('the bot leaving, with handlers of voice.bot.left and voice.error that throw: unavailable, call released, nothing thrown into the call', async () => {
    const { room, session, statuses } = setup();
    const { calls } = throwingErrorHandler(session);
    session.on('voice.bot.left', () => {
      throw new Error('left bug');
    });
    const started = session.start();
    await vi.advanceTimersByTimeAsync(1500);
    await started;
    // The mock call rethrows what a daily-js listener throws, as an EventEmitter would.
    expect(() => room.bot.leave()).not.toThrow();
    await vi.advanceTimersByTimeAsync(500);
    expect(statuses).toEqual(['connecting', 'active', 'unavailable']);
    expect(session.getSnapshot()).toMatchObject({
      error: { code: 'bot-left' },
      bot: { joined: false },
    });
    // Told of the other handler's throw (voice.bot.left comes first) and of bot-left; never of its own.
    expect(calls).toEqual(['invalid-state', 'bot-left']);
    expect(MockDailyCall.liveInstances()).toBe(0);
  });

  it('handlers of every event and a snapshot subscriber that throw: the same conversation as without them', async () => {
    const run = async (hostile: boolean) => {
      const s = setup();
      const seen: string[] = [];
      s.session.subscribe(() => seen.push(s.session.getSnapshot().status));
      if (hostile) {
        const types: VoiceEventType[] = [
          'voice.status',
          'voice.session.start',
          'voice.session.end',
          'voice.bot.ready',
          'voice.bot.joined',
          'voice.bot.speaking',
          'voice.transcript',
          'voice.speech.start',
          'voice.error',
        ];
        for (const type of types)
          s.session.on(type, () => {
            throw new RangeError(`${type} bug`);
          });
        s.session.subscribe(() => {
          throw new Error('subscriber bug');
        });
        s.session.levels.subscribe(() => {
          throw new Error('level bug');
        });
      }
      const started = s.session.start();
      await vi.advanceTimersByTimeAsync(6000);
      await started;
      await settle(s.session.stop());
      const dedupe = seen.filter((x, i) => x !== seen[i - 1]);
      return {
        statuses: s.statuses,
        seen: dedupe,
        transcript: s.session.getSnapshot().transcript.map((e) => `${e.role}:${e.text}`),
        endReason: s.session.getSnapshot().endReason,
        live: MockDailyCall.liveInstances(),
      };
    };
    const calm = await run(false);
    await drain();
    const hostile = await run(true);
    expect(calm.statuses).toEqual(['connecting', 'active', 'disconnecting', 'inactive']);
    expect(calm.transcript.length).toBeGreaterThan(0);
    expect(hostile).toEqual(calm);
  });

  it("an app's own backend client whose methods throw synchronously: typed errors, the session goes on", async () => {
    const room = createMockRoom({ bot: { mode: 'happy', script: [] } });
    const backend = createMockBackend({ room, latencyMs: 100 });
    const real = createBackendClient({ baseUrl: backend.baseUrl, fetch: backend.fetch });
    const thrown = () => {
      throw new TypeError('client bug');
    };
    const session = createVoiceSession({
      backend: {
        startSession: (body, signal) => real.startSession(body, signal),
        endSession: (body, options) => real.endSession(body, options),
        heartbeat: thrown,
        mute: thrown,
        beacon: thrown,
        resolveUrl: (url) => real.resolveUrl(url),
        get requestCount() {
          return real.requestCount;
        },
      },
      callFactory: room.callFactory,
      dataChannel: false,
      timeouts: { heartbeatMs: 1000 },
    });
    defer(async () => {
      await settle(session.destroy());
      room.dispose();
      backend.dispose();
    });
    const errors: string[] = [];
    session.on('voice.error', ({ error }) => errors.push(error.code));
    const started = session.start();
    await vi.advanceTimersByTimeAsync(1500);
    await started;
    expect(() => session.setMuted(true)).not.toThrow();
    await vi.advanceTimersByTimeAsync(1500); // heartbeats, each throwing in the client
    expect(session.getSnapshot()).toMatchObject({ status: 'active', muted: true });
    expect(errors.length).toBeGreaterThanOrEqual(2);
    // A thrown TypeError becomes a typed error, as any failed call does.
    expect(new Set(errors)).toEqual(new Set(['room-join']));
  });
});
