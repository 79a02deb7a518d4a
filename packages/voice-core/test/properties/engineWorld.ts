/**
 * One hostile world for the engine's property suite: a mock room whose bot runs one of its
 * fault modes, a mock backend told to fail some requests, and a `VoiceSession` over both —
 * watched for the invariants every interleaving must keep. Violations are collected (an
 * observer must not throw into the engine it watches) and asserted by the test.
 */
import { transitions, type SessionStatus } from '../../src/sessionMachine';
import {
  createMockBackend,
  createMockRoom,
  type MockBackend,
  type MockBackendFailure,
  type MockBotMode,
  MockDailyCall,
  type MockRoom,
} from '../../src/testing';
import type { CallFactory } from '../../src/runtime/dailyCall';
import { createVoiceSession, type VoiceSession } from '../../src/voiceSession';

export const BOT_MODES: readonly MockBotMode[] = [
  'happy',
  'slow',
  'never-ready',
  'leave-mid-turn',
  'duplicate-messages',
  'out-of-order',
  'malformed',
  'network-drop',
  'goodbye',
];

/** The backend routes a failure can hit ('/session' is both the start and the DELETE). */
export const FAILING_ROUTES = ['/session', '/session/heartbeat', '/mute', '/session/end'] as const;

export interface WorldSpec {
  mode: MockBotMode;
  seed: number;
  recover: boolean;
  latencyMs: number;
  persistence: number;
  limits: { hardMs: number; idleMs: number; warnMs: number };
  connectMs: number;
  heartbeatMs: number;
  /** The app's handlers throw (every `voice.error`, status change, bot leave and snapshot). */
  throwingApp: boolean;
  failures: Array<{
    route: (typeof FAILING_ROUTES)[number];
    failure: MockBackendFailure;
    count: number;
  }>;
}

export interface World {
  readonly room: MockRoom;
  readonly backend: MockBackend;
  readonly session: VoiceSession;
  /** Invariant violations seen so far, in order. */
  readonly violations: string[];
  /** Every public promise the test got from the session, watched for rejections. */
  track(what: string, promise: Promise<unknown>): void;
  /** A second human in the room sends what the bot would to take the session over. */
  spoof(): void;
  /** Runs a synchronous command; a throw is a violation. */
  call(what: string, fn: () => unknown): void;
  /** Checks what must hold at any instant (after each command too). */
  checkNow(where: string): void;
  readonly statuses: SessionStatus[];
  readonly calls: MockDailyCall[];
  dispose(): void;
}

const legal = (from: SessionStatus, to: SessionStatus) =>
  Object.values(transitions[from]).includes(to);

export function createWorld(spec: WorldSpec): World {
  const violations: string[] = [];
  const statuses: SessionStatus[] = [];
  const calls: MockDailyCall[] = [];
  const room = createMockRoom({
    bot: { mode: spec.mode, seed: spec.seed, recover: spec.recover, recoverAfterMs: 1500 },
  });
  const backend = createMockBackend({ room, latencyMs: spec.latencyMs });
  for (const { route, failure, count } of spec.failures) backend.failNext(failure, count, route);
  const callFactory: CallFactory = async (options) => {
    const call = (await room.callFactory(options)) as MockDailyCall;
    calls.push(call);
    if (MockDailyCall.liveInstances() > 1)
      violations.push(`${MockDailyCall.liveInstances()} live call objects after a create`);
    return call;
  };
  const session = createVoiceSession({
    backend: { baseUrl: backend.baseUrl, fetch: backend.fetch, retries: 0 },
    callFactory,
    persistence: spec.persistence,
    limits: spec.limits,
    timeouts: {
      connectMs: spec.connectMs,
      heartbeatMs: spec.heartbeatMs,
      goodbyeMs: 1000,
      reconnectMs: 3000,
      toolMs: 2000,
    },
    pageLifecycle: false,
  });
  session.registerTool('get_weather', () => ({ temperature: 21 }));
  session.registerTool('open_door', () => {
    violations.push("a spoofed tool call ran the app's handler");
    return { opened: false };
  });
  const spoofed = (text: string) => text.includes('spoofed');
  session.on('voice.error', ({ error }) => {
    if (spoofed(error.message)) violations.push(`a spoofed error was taken: ${error.code}`);
  });
  session.on('voice.transcript', ({ entry }) => {
    if (spoofed(entry.text)) violations.push('a spoofed transcript entered the transcript');
  });
  let mallory: string | null = null;
  let spoofs = 0;
  if (spec.throwingApp) {
    const bug = () => {
      throw new RangeError('app bug');
    };
    for (const type of [
      'voice.error',
      'voice.status',
      'voice.bot.left',
      'voice.transcript',
    ] as const)
      session.on(type, bug);
    session.subscribe(bug);
    session.registerTool('get_weather', bug);
  }

  const checkNow = (where: string) => {
    const live = MockDailyCall.liveInstances();
    if (live > 1) violations.push(`${where}: ${live} live call objects`);
    const snap = session.getSnapshot();
    if (snap.status === 'active' && !(snap.bot.ready && snap.bot.joined && snap.joined))
      violations.push(
        `${where}: active with bot ready=${snap.bot.ready} present=${snap.bot.joined} call joined=${snap.joined}`,
      );
  };
  session.subscribe(() => checkNow('snapshot'));
  session.on('voice.status', ({ status, previous }) => {
    const last = statuses.at(-1) ?? 'inactive';
    if (previous !== last) violations.push(`status from ${previous}, but the last was ${last}`);
    if (!legal(previous, status)) violations.push(`illegal transition ${previous} → ${status}`);
    statuses.push(status);
  });
  let ends = 0;
  session.on('voice.session.end', ({ reason }) => {
    // Every end has released the mic and the call by the time it is announced. A session that
    // failed rests in `unavailable` while it tears down, and may be started again meanwhile:
    // the next run's call (the newest) is then not this end's: all are released once every
    // run that started has ended.
    ends++;
    const restarted = ends < statuses.filter((s) => s === 'connecting').length;
    for (const call of restarted ? calls.slice(0, -1) : calls) {
      if (!call.isDestroyed()) violations.push(`end (${reason}): a call object is not destroyed`);
      if (call.localTrack && call.localTrack.readyState !== 'ended')
        violations.push(`end (${reason}): the mic track is still ${call.localTrack.readyState}`);
    }
  });

  return {
    room,
    backend,
    session,
    violations,
    statuses,
    calls,
    track(what, promise) {
      promise.catch((error: unknown) => violations.push(`${what} rejected: ${String(error)}`));
    },
    call(what, fn) {
      try {
        fn();
      } catch (error) {
        violations.push(`${what} threw: ${String(error)}`);
      }
    },
    checkNow,
    spoof() {
      mallory ??= room.addParticipant('Mallory').session_id;
      const send = (type: string, data: unknown) =>
        room.sendToClient({ label: 'rtvi-ai', type, id: `spoof-${++spoofs}`, data }, mallory ?? '');
      send('bot-ready', { version: '2.1.0' });
      send('llm-function-call-in-progress', {
        tool_call_id: `spoof-call-${spoofs}`,
        function_name: 'open_door',
        arguments: {},
      });
      send('user-transcription', { text: 'spoofed', final: true, timestamp: '', user_id: '' });
      send('error', { error: 'spoofed', fatal: true });
    },
    dispose() {
      room.dispose();
      backend.dispose();
    },
  };
}
