import { describe, expect, it, vi } from 'vitest';
import { type EngineSetupOptions, startActive, useEngineClock } from '../test/engineHarness';
import { MockDailyCall, type MockRoom } from './testing';
import type { EndReason, VoiceEventPayload } from './voiceEvents';
import { createVoiceSession } from './voiceSession';

const { settle, setup: engineSetup } = useEngineClock();

function setup(o: EngineSetupOptions = {}) {
  const s = engineSetup({ ...o, bot: { mode: 'happy', ...o.bot } });
  const { backend, session } = s;
  const ends: Array<VoiceEventPayload<'voice.session.end'>> = [];
  session.on('voice.session.end', (e) => ends.push(e));
  const posts = (path: string, method = 'POST') =>
    backend.requests.filter((r) => r.method === method && r.path.endsWith(path));
  return { ...s, ends, posts };
}

/** The Daily call was left then destroyed, each exactly once, and the mic track is stopped. */
function expectReleased(call: MockDailyCall | null) {
  expect(call).not.toBeNull();
  const names = call?.callNames() ?? [];
  expect(names.filter((n) => n === 'leave')).toHaveLength(names.includes('join') ? 1 : 0);
  expect(names.filter((n) => n === 'destroy')).toHaveLength(1);
  expect(names.at(-1)).toBe('destroy');
  if (names.includes('leave'))
    expect(names.indexOf('leave')).toBeLessThan(names.indexOf('destroy'));
  expect(call?.isDestroyed()).toBe(true);
  if (call?.localTrack) expect(call.localTrack.readyState).toBe('ended');
  expect(MockDailyCall.liveInstances()).toBe(0);
}

let seq = 0;
/** Makes the room's bot send one RTVI message, as the real protocol would. */
function botSays(room: MockRoom, type: string, data?: unknown) {
  const from = room.bot.participant()?.session_id ?? '';
  room.sendToClient({ label: 'rtvi-ai', type, id: `t-${++seq}`, data }, from);
}
/** The bot speaks for `ms`: bot-started-speaking now, bot-stopped-speaking after. */
function botSpeaks(room: MockRoom, ms: number) {
  botSays(room, 'bot-started-speaking');
  setTimeout(() => botSays(room, 'bot-stopped-speaking'), ms);
}

describe('VoiceSession: connect', () => {
  it('goes inactive → connecting → active, only when joined AND bot-ready, and records the timeline', async () => {
    const s = setup();
    const seen: string[] = [];
    s.session.subscribe(() => {
      const snap = s.session.getSnapshot();
      seen.push(`${snap.status}:${snap.joined ? 'J' : '-'}${snap.bot.ready ? 'R' : '-'}`);
    });
    await startActive(s);
    expect(s.statuses).toEqual(['connecting', 'active']);
    // never active before both joined and ready
    const firstActive = seen.findIndex((x) => x.startsWith('active'));
    expect(seen[firstActive]).toBe('active:JR');
    const t = s.session.getSnapshot().timeline;
    expect(t.requestedAt).not.toBeNull();
    expect(t.backendAnsweredAt! - t.requestedAt!).toBe(100);
    expect(t.joinedAt).toBeGreaterThanOrEqual(t.backendAnsweredAt!);
    expect(t.botReadyAt).toBeGreaterThanOrEqual(t.joinedAt!);
    expect(t.connectMs).toBeLessThanOrEqual(900);
    // the client said client-ready, once, after the bot's audio track started
    expect(s.room.bot.received.filter((m) => m.type === 'client-ready')).toHaveLength(1);
  });

  it('start() resolves only once the session is active', async () => {
    const s = setup();
    let resolvedIn: string | null = null;
    void s.session.start().then(() => {
      resolvedIn = s.session.getSnapshot().status;
    });
    await vi.advanceTimersByTimeAsync(500); // joined (backend 100 + join 50), bot not ready yet
    expect(s.session.getSnapshot()).toMatchObject({ status: 'connecting', joined: true });
    expect(resolvedIn).toBeNull();
    await vi.advanceTimersByTimeAsync(1000);
    expect(resolvedIn).toBe('active');
  });

  it('concurrent start() → one backend request, one call object, one join, one bot', async () => {
    const s = setup();
    const starts = [s.session.start(), s.session.start(), s.session.start()];
    s.session.toggle(); // a toggle while connecting is a stop? no: it must not start twice either
    await vi.advanceTimersByTimeAsync(1500);
    await Promise.all(starts);
    expect(s.posts('/session')).toHaveLength(1);
    expect(MockDailyCall.created()).toBe(1);
    expect(s.room.call?.callNames().filter((n) => n === 'join')).toHaveLength(1);
    expect(s.room.bot.sentTypes().filter((t) => t === 'bot-ready')).toHaveLength(1);
  });

  it('stop during connecting aborts the backend request and leaves nothing', async () => {
    const s = setup({ backend: { latencyMs: 5000 } });
    void s.session.start();
    await vi.advanceTimersByTimeAsync(50);
    await settle(s.session.stop());
    expect(s.statuses).toEqual(['connecting', 'disconnecting', 'inactive']);
    expect(s.posts('/session')).toHaveLength(1);
    // The call object may have been prepared, but nothing joined and nothing is left.
    expect(s.room.call?.callNames() ?? []).not.toContain('join');
    expect(MockDailyCall.liveInstances()).toBe(0);
    expect(s.ends.map((e) => e.reason)).toEqual(['user']);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(s.statuses).toEqual(['connecting', 'disconnecting', 'inactive']);
  });

  it('destroy during connecting (after the backend answered) releases the call and tells the backend', async () => {
    const s = setup();
    void s.session.start();
    await vi.advanceTimersByTimeAsync(300);
    const call = s.room.call;
    await settle(s.session.destroy());
    expectReleased(call);
    expect(s.posts('/session', 'DELETE')).toHaveLength(1);
    expect(s.session.diagnostics()).toMatchObject({ listeners: 0, eventHandlers: 0, live: false });
    await settle(s.session.start());
    expect(s.posts('/session')).toHaveLength(1); // destroyed sessions never start again
  });

  it('bot never ready → unavailable with bot-timeout in bounded time, cleaned up', async () => {
    const s = setup({ bot: { mode: 'never-ready' }, session: { timeouts: { connectMs: 5000 } } });
    void s.session.start();
    await vi.advanceTimersByTimeAsync(5000);
    await vi.advanceTimersByTimeAsync(100);
    expect(s.statuses).toEqual(['connecting', 'unavailable']);
    expect(s.session.getSnapshot().error?.code).toBe('bot-timeout');
    expectReleased(s.room.call);
  });

  it('microphone permission denied → unavailable with mic-permission-denied', async () => {
    const s = setup({ room: { mic: 'denied' } });
    void s.session.start();
    await vi.advanceTimersByTimeAsync(1500);
    expect(s.statuses).toEqual(['connecting', 'unavailable']);
    expect(s.session.getSnapshot().error?.code).toBe('mic-permission-denied');
    expectReleased(s.room.call);
  });

  it.each([
    [{ status: 401 }, 'backend-auth', 1],
    [{ status: 403 }, 'backend-auth', 1],
    [{ status: 429, retryAfterSec: 30 }, 'backend-capacity', 1],
    [{ status: 500 }, 'backend-server', 1],
    [{ network: true }, 'backend-unreachable', 1],
  ] as const)(
    'backend failure %j → %s with no more requests than configured',
    async (failure, code, requests) => {
      const s = setup({ backend: { failure } });
      await settle(s.session.start());
      await vi.advanceTimersByTimeAsync(1000);
      const { error, status } = s.session.getSnapshot();
      expect(status).toBe('unavailable');
      expect(error?.code).toBe(code);
      if ('status' in failure && failure.status === 429) expect(error?.retryAfterMs).toBe(30_000);
      expect(s.posts('/session')).toHaveLength(requests);
      expect(MockDailyCall.liveInstances()).toBe(0);
    },
  );

  it('a second session in the page waits for the first call to be destroyed', async () => {
    const s = setup();
    await startActive(s);
    const other = createVoiceSession({
      backend: { baseUrl: s.backend.baseUrl, fetch: s.backend.fetch },
      callFactory: s.room.callFactory,
    });
    const errors: string[] = [];
    other.on('voice.error', ({ error }) => errors.push(error.code));
    await settle(other.start());
    expect(other.getSnapshot().status).toBe('unavailable');
    expect(errors).toContain('invalid-state');
    expect(MockDailyCall.created()).toBe(1);
    await settle(other.destroy());
  });
});

describe('VoiceSession: end paths', () => {
  const wait = async (ms: number) => {
    await vi.advanceTimersByTimeAsync(ms);
  };
  const paths: Array<
    [EndReason, (s: ReturnType<typeof setup>) => Promise<void>, EngineSetupOptions?]
  > = [
    ['user', (s) => settle(s.session.stop())],
    ['destroyed', (s) => settle(s.session.destroy())],
    [
      'idle-timeout',
      () => wait(31_000),
      { session: { limits: { idleMs: 30_000 } }, bot: { script: [] } },
    ],
    [
      'max-duration',
      () => wait(61_000),
      { session: { limits: { hardMs: 60_000 } }, bot: { script: [] } },
    ],
    [
      'bot-goodbye',
      (s) => {
        botSays(s.room, 'server-message', { type: 'goodbye', from: 'bot' });
        return wait(8000);
      },
    ],
    [
      'user-goodbye',
      (s) => {
        botSays(s.room, 'server-message', { type: 'goodbye', from: 'user' });
        return wait(8000);
      },
    ],
    [
      'bot-left',
      (s) => {
        s.room.bot.leave();
        return wait(100);
      },
    ],
    [
      'error',
      (s) => {
        botSays(s.room, 'error', { error: 'pipeline crashed', fatal: true });
        return wait(100);
      },
    ],
  ];

  it.each(paths)(
    '%s: leave and destroy exactly once, mic stopped, one end event',
    async (reason, end, o) => {
      const s = setup(o);
      await startActive(s);
      const call = s.room.call;
      await end(s);
      await vi.advanceTimersByTimeAsync(5000);
      expectReleased(call);
      expect(s.ends.map((e) => e.reason)).toEqual([reason]);
      const failed = reason === 'bot-left' || reason === 'error';
      expect(s.statuses).toEqual([
        'connecting',
        'active',
        failed ? 'unavailable' : 'disconnecting',
        ...(failed ? [] : ['inactive']),
      ]);
      expect(s.ends[0]?.timeline.endedAt).not.toBeNull();
      expect(s.ends[0]?.timeline.cost?.total).toBeGreaterThan(0);
      if (reason !== 'destroyed') expect(s.posts('/session', 'DELETE')).toHaveLength(1);
    },
  );

  it('hard max ends the session even when timers are throttled (clock jumps, one late tick)', async () => {
    const s = setup({ session: { limits: { hardMs: 60_000 } }, bot: { script: [] } });
    await startActive(s);
    vi.setSystemTime(Date.now() + 120_000); // a background tab: no timer ran for 2 minutes
    await vi.advanceTimersByTimeAsync(1000); // then one throttled tick
    expect(s.ends.map((e) => e.reason)).toEqual(['max-duration']);
  });

  it('warns before the hard maximum', async () => {
    const s = setup({
      session: { limits: { hardMs: 60_000, warnMs: 10_000 } },
      bot: { script: [] },
    });
    const warnings: Array<VoiceEventPayload<'voice.session.warning'>> = [];
    s.session.on('voice.session.warning', (w) => warnings.push(w));
    await startActive(s);
    await vi.advanceTimersByTimeAsync(49_000);
    expect(warnings).toEqual([]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(warnings.map((w) => w.kind)).toEqual(['hard']);
    expect(s.session.getSnapshot().guard?.warning?.kind).toBe('hard');
  });

  it('goodbye waits for the bot to stop speaking, bounded by goodbyeMs', async () => {
    const s = setup({ session: { timeouts: { goodbyeMs: 3000 } } });
    await startActive(s);
    const call = s.room.call;
    botSpeaks(s.room, 2000);
    await vi.advanceTimersByTimeAsync(100);
    expect(s.session.getSnapshot().bot.speaking).toBe(true);
    void s.session.stop('bot-goodbye');
    await vi.advanceTimersByTimeAsync(1000);
    expect(call?.callNames()).not.toContain('leave'); // still letting the bot finish
    await vi.advanceTimersByTimeAsync(1500);
    expect(call?.callNames()).toContain('leave');
    // bounded: a bot that never stops speaking is cut off at goodbyeMs
    const s2 = setup({ session: { timeouts: { goodbyeMs: 3000 } } });
    await settle(s.session.destroy());
    await startActive(s2);
    botSays(s2.room, 'bot-started-speaking');
    await vi.advanceTimersByTimeAsync(100);
    void s2.session.stop('bot-goodbye');
    await vi.advanceTimersByTimeAsync(3100);
    expect(s2.session.getSnapshot().status).toBe('inactive');
    expect(s2.ends.map((e) => e.reason)).toEqual(['bot-goodbye']);
  });
});

describe('VoiceSession: bot, network and protocol faults', () => {
  it('bot leaves mid-turn → bot-left surfaced, never stuck active', async () => {
    const s = setup({ bot: { mode: 'leave-mid-turn' } });
    void s.session.start();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(s.statuses).toEqual(['connecting', 'active', 'unavailable']);
    expect(s.session.getSnapshot().error?.code).toBe('bot-left');
    expect(s.session.getSnapshot().bot.speaking).toBe(false);
  });

  it('network drop → reconnecting → recovered, still active', async () => {
    const s = setup();
    const conn: string[] = [];
    s.session.on('voice.connection', ({ state }) => conn.push(state));
    await startActive(s);
    s.room.dropNetwork({ recoverAfterMs: 3000 });
    await vi.advanceTimersByTimeAsync(100);
    expect(s.session.getSnapshot().connection).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(3000);
    expect(conn).toEqual(['interrupted', 'recovered']);
    expect(s.session.getSnapshot()).toMatchObject({ status: 'active', connection: 'connected' });
  });

  it('network drop for good → ends with network-lost in bounded time', async () => {
    const s = setup({ session: { timeouts: { reconnectMs: 10_000 } }, bot: { script: [] } });
    await startActive(s);
    const call = s.room.call;
    s.room.dropNetwork({});
    await vi.advanceTimersByTimeAsync(10_100);
    expect(s.session.getSnapshot().status).toBe('unavailable');
    expect(s.session.getSnapshot().error?.code).toBe('network-lost');
    expectReleased(call);
  });

  it('duplicate messages are handled once (transcript, tools)', async () => {
    const s = setup({ bot: { mode: 'duplicate-messages' } });
    const tool = vi.fn(() => ({ forecast: 'sunny' }));
    s.session.registerTool('get_weather', tool);
    const transcripts: string[] = [];
    s.session.on('voice.transcript', ({ entry }) => transcripts.push(`${entry.id}:${entry.final}`));
    void s.session.start();
    await vi.advanceTimersByTimeAsync(15_000);
    expect(tool).toHaveBeenCalledTimes(1);
    expect(s.room.bot.toolResults).toHaveLength(1);
    const entries = s.session.getSnapshot().transcript;
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
    expect(entries.filter((e) => e.role === 'user' && !e.final).length).toBeLessThanOrEqual(1);
  });

  it('malformed messages → voice.error protocol, nothing thrown, session stays active', async () => {
    const s = setup({ bot: { mode: 'malformed' } });
    s.session.registerTool('get_weather', () => ({ forecast: 'sunny' }));
    void s.session.start();
    await vi.advanceTimersByTimeAsync(6000);
    expect(s.errors).toContain('protocol');
    expect(s.errors.every((c) => c === 'protocol')).toBe(true);
    expect(s.session.getSnapshot().status).toBe('active');
  });

  it('out-of-order messages never duplicate a transcript entry', async () => {
    const s = setup({ bot: { mode: 'out-of-order' } });
    void s.session.start();
    await vi.advanceTimersByTimeAsync(15_000);
    const entries = s.session.getSnapshot().transcript;
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
    expect(entries.filter((e) => e.role === 'user').every((e) => e.final)).toBe(true);
  });

  it('an event that arrives over RTVI and then over the backend stream is delivered once (by id)', async () => {
    const s = setup({ bot: { script: [] } });
    const messages: unknown[] = [];
    s.session.on('voice.bot.message', ({ data }) => messages.push(data));
    await startActive(s);
    const from = s.room.bot.participant()?.session_id ?? '';
    s.room.sendToClient(
      { label: 'rtvi-ai', type: 'server-message', id: 'evt-1', data: { n: 1 } },
      from,
    );
    await vi.advanceTimersByTimeAsync(10);
    s.backend.emit({ id: 'evt-1', type: 'bot-message', data: { n: 1 } });
    s.backend.emit({ id: 'evt-2', type: 'bot-message', data: { n: 2 } });
    s.backend.emit({ id: 'evt-2', type: 'bot-message', data: { n: 2 } });
    await vi.advanceTimersByTimeAsync(100);
    expect(messages).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('events from the backend stream and RTVI are deduplicated by id', async () => {
    const s = setup({ backend: { events: true } });
    const transcripts: string[] = [];
    s.session.on('voice.transcript', ({ entry }) => transcripts.push(entry.id));
    void s.session.start();
    await vi.advanceTimersByTimeAsync(15_000);
    const relayed = [...s.backend.sessions.values()].flatMap((x) => x.events);
    expect(relayed.length).toBeGreaterThan(0);
    const entries = s.session.getSnapshot().transcript;
    const texts = entries.map((e) => `${e.role}:${e.text}`);
    expect(new Set(texts).size).toBe(texts.length);
  });
});

describe('VoiceSession: mute, pause, text, tools', () => {
  it('a mute set before bot-ready is replayed after it (track off, backend told)', async () => {
    const s = setup();
    void s.session.start();
    await vi.advanceTimersByTimeAsync(50);
    s.session.setMuted(true);
    await vi.advanceTimersByTimeAsync(1500);
    expect(s.session.getSnapshot()).toMatchObject({ status: 'active', muted: true });
    expect(s.room.call?.localAudio()).toBe(false);
    expect(s.room.call?.localTrack?.enabled).toBe(false);
    const mutes = s.posts('/mute').map((r) => (r.body as { muted: boolean }).muted);
    expect(mutes.at(-1)).toBe(true);
    s.session.setMuted(false);
    expect(s.room.call?.localTrack?.enabled).toBe(true);
  });

  it('pause mutes the mic and keeps the connection; resume restores it', async () => {
    const s = setup();
    await startActive(s);
    s.session.pause();
    expect(s.session.getSnapshot().status).toBe('paused');
    expect(s.room.call?.localAudio()).toBe(false);
    expect(s.room.call?.meetingState()).toBe('joined-meeting');
    s.session.resume();
    expect(s.room.call?.localAudio()).toBe(true);
    expect(s.statuses).toEqual(['connecting', 'active', 'paused', 'active']);
  });

  it('sendText reaches the bot as send-text and is refused when not active', async () => {
    const s = setup();
    expect(s.session.sendText('hello')).toBe(false);
    expect(s.errors).toEqual(['invalid-state']);
    await startActive(s);
    expect(s.session.sendText('What is the weather?')).toBe(true);
    await vi.advanceTimersByTimeAsync(10);
    expect(s.room.bot.receivedText).toEqual(['What is the weather?']);
  });

  it('tool calls: result, thrown error and timeout all go back as llm-function-call-result', async () => {
    const s = setup({ session: { timeouts: { toolMs: 1000 } } });
    s.session.registerTool('get_weather', ({ args }) => ({
      city: String(args.city),
      forecast: 'sunny',
    }));
    const phases: string[] = [];
    s.session.on('voice.bot.tool-call', (e) => phases.push(`${e.name}:${e.phase}`));
    void s.session.start();
    await vi.advanceTimersByTimeAsync(15_000);
    expect(phases).toEqual(['get_weather:started', 'get_weather:completed']);
    expect(s.room.bot.toolResults[0]?.result).toMatchObject({ forecast: 'sunny' });
  });
});

describe('VoiceSession: participants, heartbeats, page lifecycle', () => {
  it('never takes another remote participant for the bot', async () => {
    const s = setup({ room: { humans: ['Ada', 'Grace'] } });
    const joined: string[] = [];
    s.session.on('voice.bot.joined', ({ participantId }) => joined.push(participantId));
    await startActive(s);
    expect(joined).toEqual([s.room.bot.participant()?.session_id]);
    s.room.removeParticipant('Ada'); // a human leaving is not the bot leaving
    await vi.advanceTimersByTimeAsync(100);
    expect(s.session.getSnapshot().status).toBe('active');
  });

  it('ignores RTVI messages from a participant that is not the bot', async () => {
    const s = setup({ bot: { script: [] }, room: { humans: ['Mallory'] } });
    await startActive(s);
    const mallory =
      s.room.call?.participants() &&
      Object.values(s.room.call.participants()).find((p) => p.user_name === 'Mallory');
    s.room.sendToClient(
      {
        label: 'rtvi-ai',
        type: 'server-message',
        id: 'spoof-1',
        data: { type: 'goodbye', from: 'bot' },
      },
      mallory ? mallory.session_id : 'unknown',
    );
    await vi.advanceTimersByTimeAsync(100);
    expect(s.session.getSnapshot().status).toBe('active');
  });

  it('heartbeats report real activity (someone spoke since the last beat)', async () => {
    const s = setup({ session: { timeouts: { heartbeatMs: 1000 } } });
    await startActive(s);
    await vi.advanceTimersByTimeAsync(1000); // before the user speaks (script: user at +500 ms)
    await vi.advanceTimersByTimeAsync(2000); // while the user speaks
    const beats = s.posts('/session/heartbeat').map((r) => (r.body as { active: boolean }).active);
    expect(beats.length).toBeGreaterThanOrEqual(2);
    expect(beats).toContain(true);
    const quiet = setup({ bot: { script: [] }, session: { timeouts: { heartbeatMs: 1000 } } });
    await settle(s.session.destroy());
    await startActive(quiet);
    await vi.advanceTimersByTimeAsync(3000);
    const quietBeats = quiet
      .posts('/session/heartbeat')
      .map((r) => (r.body as { active: boolean }).active);
    expect(quietBeats.length).toBeGreaterThanOrEqual(2);
    expect(quietBeats.every((a) => a === false)).toBe(true);
  });

  it('pagehide ends the session with a beacon to /session/end', async () => {
    const target = new EventTarget();
    const beacons: string[] = [];
    const s = setup({ bot: { script: [] } });
    vi.stubGlobal('addEventListener', target.addEventListener.bind(target));
    vi.stubGlobal('removeEventListener', target.removeEventListener.bind(target));
    vi.stubGlobal('navigator', {
      sendBeacon: (url: string, data: string) => {
        beacons.push(url);
        return s.backend.sendBeacon(url, data);
      },
    });
    try {
      await startActive(s);
      target.dispatchEvent(new Event('pagehide'));
      await vi.advanceTimersByTimeAsync(1000);
      expect(beacons).toEqual([`${s.backend.baseUrl}/session/end`]);
      expect(s.ends.map((e) => e.reason)).toEqual(['page-hidden']);
      expect(s.posts('/session', 'DELETE')).toHaveLength(0); // the beacon already told it
      expect([...s.backend.sessions.values()].every((x) => x.status === 'ended')).toBe(true);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
