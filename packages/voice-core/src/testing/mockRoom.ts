import type {
  DailyFactoryOptions,
  DailyFatalErrorType,
  DailyParticipant,
} from '@daily-co/daily-js';
import type { CallFactory } from '../runtime/dailyCall.js';
import { RTVI_LABEL } from '../runtime/rtvi/rtviMessages.js';
import { FakeMediaStreamTrack } from './fakeMediaStreamTrack.js';
import { trackForLeaks } from './leftovers.js';
import { clampLevel, noiseLevel, silenceLevel, speechLevel } from './levelCurves.js';
import { MockBot, type MockBotOptions } from './mockBot.js';
import type { MockMicState } from './localMic.js';
import { MockDailyCall } from './mockDailyCall.js';
import type { BotRoomLink, CallRoomLink } from './roomLinks.js';
import { mockParticipant } from './mockParticipant.js';
import { TimerSet } from './timerSet.js';

export interface MockRoomOptions {
  bot?: MockBotOptions;
  /** What happens when the call opens the mic. Default 'granted'. */
  mic?: MockMicState;
  /** `join()` → `joined-meeting`. Default 50 ms. */
  joinLatencyMs?: number;
  /** Make every join fail with this fatal Daily error. */
  joinError?: DailyFatalErrorType;
  /** Other humans already in the room: proves the engine does not take any remote for the bot. */
  humans?: string[];
  roomUrl?: string;
  /**
   * The mic track to hand the call (the playground passes a real getUserMedia track). A
   * function is called on every join: the call stops its track on leave, like daily-js.
   * It may return a promise (`getUserMedia` itself): the join waits for it before connecting;
   * a rejection named `NotAllowedError`/`SecurityError` acts as `mic: 'denied'`,
   * `NotFoundError`/`OverconstrainedError` as `mic: 'missing'`, any other as 'denied' with
   * its own message. Only asked when `mic` is 'granted'.
   */
  localTrack?: MediaStreamTrack | (() => MediaStreamTrack | Promise<MediaStreamTrack>);
  /** What the mic hears when the user is not speaking. Default 'silence'. */
  micBackground?: 'silence' | 'noise';
  /**
   * Measured levels (0..1) that replace the scripted level curves, e.g. analysers on the real
   * mic and on the bot's voice. Read on every observer tick; out-of-range values are clamped
   * (NaN → 0). The local meter still reads 0 while muted or without a mic, the bot's while
   * the bot is not in the room.
   */
  levelMeters?: {
    /** The user's mic level. */
    local?: () => number;
    /** The bot's voice level. */
    bot?: () => number;
  };
}

export interface DropNetworkOptions {
  /** Reconnect after this long; omit to never recover. */
  recoverAfterMs?: number;
  /** Without recovery, Daily gives up after ~20 s: fatal `connection-error`, then `left-meeting`. */
  ejectAfterMs?: number;
}

interface Speech {
  start: number;
  end: number;
  seed: number;
}

let roomSeq = 0;

/**
 * The "server side" of a mock Daily room, shared by the call object and the bot. The
 * engine gets `room.callFactory`; the mock backend calls `room.launchBot()`.
 *
 * @example
 * const room = createMockRoom({ bot: { mode: 'happy' }, humans: ['Ada'] });
 * const session = createVoiceSession({ callFactory: room.callFactory, … });
 * // …
 * room.dispose();
 */
export class MockRoom implements CallRoomLink<MockDailyCall>, BotRoomLink {
  readonly url: string;
  readonly bot: MockBot;
  /** Every app-message the client sent, as it went over the wire (JSON round-tripped). */
  readonly sentMessages: unknown[] = [];
  readonly joinLatencyMs: number;
  readonly mic: MockMicState;
  readonly joinError: DailyFatalErrorType | undefined;
  /** Creates a `MockDailyCall` bound to this room: what the engine's `callFactory` option takes. */
  readonly callFactory: CallFactory;

  private lastCall: MockDailyCall | null = null;
  private joined: MockDailyCall | null = null;
  private readonly humans = new Map<string, DailyParticipant>();
  private readonly timers = new TimerSet();
  private readonly speeches: { user: Speech | null; bot: Speech | null } = {
    user: null,
    bot: null,
  };
  private online = true;
  private disposed = false;
  private readonly roomNo: number;
  /** Background levels are a function of time since the room was made: same story, same levels. */
  private readonly epoch = Date.now();

  constructor(private readonly options: MockRoomOptions = {}) {
    roomSeq += 1;
    this.roomNo = roomSeq;
    this.url = options.roomUrl ?? `https://parley-mock.daily.co/voice-room-${this.roomNo}`;
    this.joinLatencyMs = options.joinLatencyMs ?? 50;
    this.mic = options.mic ?? 'granted';
    this.joinError = options.joinError;
    this.bot = new MockBot(this, options.bot);
    for (const name of options.humans ?? []) this.createHuman(name);
    this.callFactory = (factoryOptions: DailyFactoryOptions) =>
      this.createCallObject(factoryOptions);
    trackForLeaks(this);
  }

  /** A `MockDailyCall` in this room (daily-js's rules: one live instance unless allowed). */
  createCallObject(options: DailyFactoryOptions = {}): MockDailyCall {
    const call = new MockDailyCall(this, options);
    this.lastCall = call;
    return call;
  }

  /** The last call object the factory made (it may be destroyed), or null. */
  get call(): MockDailyCall | null {
    return this.lastCall;
  }

  /** False between `dropNetwork()` and recovery. */
  get networkUp(): boolean {
    return this.online;
  }

  /** What a backend does on `POST /session`: start the bot. Idempotent while it runs. */
  launchBot(sessionId?: string): void {
    this.bot.launch(sessionId);
  }

  /** A human joins (present to a joined call at once). Returns the participant. */
  addParticipant(userName: string): DailyParticipant {
    const participant = this.createHuman(userName);
    this.joined?.roomParticipantJoined(participant);
    return participant;
  }

  /** A human leaves (or, with `reason: 'hidden'`, becomes hidden), by session id or user name. */
  removeParticipant(sessionIdOrName: string, options: { reason?: 'hidden' } = {}): void {
    for (const [id, p] of this.humans) {
      if (id !== sessionIdOrName && p.user_name !== sessionIdOrName) continue;
      this.humans.delete(id);
      this.joined?.roomParticipantLeft(id, options.reason);
      return;
    }
  }

  /**
   * The client's network drops: `network-connection interrupted`, app-messages lost both ways,
   * then either `connected` after `recoverAfterMs` or, after `ejectAfterMs` (default 20 s),
   * a fatal `connection-error` and `left-meeting`.
   */
  dropNetwork(options: DropNetworkOptions = {}): void {
    const call = this.joined;
    if (!call || !this.online) return;
    this.online = false;
    call.roomNetworkEvent('interrupted');
    if (options.recoverAfterMs !== undefined) {
      this.timers.after(options.recoverAfterMs, () => {
        this.online = true;
        call.roomNetworkEvent('connected');
      });
      return;
    }
    this.timers.after(options.ejectAfterMs ?? 20_000, () => {
      this.online = true;
      call.roomEject('connection-error', 'Network connection lost and could not reconnect');
    });
  }

  /** Client RTVI messages sent so far, optionally of one type. */
  sentRtvi(type?: string): Array<{ type: string; id: string; data?: unknown }> {
    return this.sentMessages.flatMap((m) => {
      if (typeof m !== 'object' || m === null) return [];
      const {
        label,
        type: t,
        id,
        data,
      } = m as { label?: unknown; type?: unknown; id?: unknown; data?: unknown };
      if (label !== RTVI_LABEL || typeof t !== 'string' || typeof id !== 'string') return [];
      return type === undefined || type === t ? [{ type: t, id, data }] : [];
    });
  }

  /** User and bot levels at `nowMs` (what the observers report). */
  levels(nowMs = Date.now()): { user: number; bot: number } {
    return { user: this.localLevel(nowMs, false), bot: this.botLevel(nowMs) };
  }

  /** Timers still scheduled by the room, its bot and its live call. */
  pendingTimers(): number {
    return this.timers.size + this.bot.pendingTimers();
  }

  /** Stops the bot and every room timer. Does not destroy the call (that is the engine's job). */
  dispose(): void {
    this.disposed = true;
    this.timers.cancelAll();
    this.bot.dispose();
  }

  // ── CallRoomLink ─────────────────────────────────────────────────────────────────────

  /** @internal */
  createLocalTrack(): MediaStreamTrack | PromiseLike<MediaStreamTrack> {
    const given = this.options.localTrack;
    if (typeof given === 'function') return given();
    return given ?? new FakeMediaStreamTrack({ label: 'Mock microphone' });
  }

  /** @internal */
  remoteParticipants(): DailyParticipant[] {
    const bot = this.bot.participant();
    return [...(bot ? [bot] : []), ...this.humans.values()];
  }

  /** @internal */
  callJoined(call: MockDailyCall): void {
    this.joined = call;
  }

  /** @internal */
  callLeft(call: MockDailyCall): void {
    if (this.joined !== call) return;
    this.joined = null;
    this.online = true;
    this.timers.cancelAll();
    this.speeches.user = null;
    // The user was the bot's only reason to be here: a Pipecat bot ends when its user leaves.
    this.bot.clientLeft();
  }

  /** @internal */
  fromClient(data: unknown, to: string | string[]): void {
    const wire: unknown = JSON.parse(JSON.stringify(data));
    this.sentMessages.push(wire);
    const bot = this.bot.participant();
    if (!bot || !this.online) return;
    if (to !== '*' && !(Array.isArray(to) ? to : [to]).includes(bot.session_id)) return;
    // Delivery is asynchronous, as over a network: the bot never answers inside sendAppMessage.
    this.timers.after(0, () => {
      if (this.bot.participant() === bot) this.bot.receive(wire);
    });
  }

  /** @internal */
  localLevel(nowMs: number, muted: boolean): number {
    if (muted || this.mic !== 'granted') return 0;
    const meter = this.options.levelMeters?.local;
    if (meter) return clampLevel(meter());
    const speech = this.speeches.user;
    if (speech && nowMs >= speech.start && nowMs < speech.end)
      return speechLevel(nowMs - speech.start, speech.seed);
    const seed = this.options.bot?.seed ?? 1;
    const t = nowMs - this.epoch;
    return this.options.micBackground === 'noise' ? noiseLevel(t, seed) : silenceLevel(t, seed);
  }

  /** @internal */
  remoteLevels(nowMs: number): Record<string, number> {
    const levels: Record<string, number> = {};
    const bot = this.bot.participant();
    if (bot) levels[bot.session_id] = this.botLevel(nowMs);
    for (const id of this.humans.keys()) levels[id] = 0;
    return levels;
  }

  // ── BotRoomLink ──────────────────────────────────────────────────────────────────────

  /** @internal */
  botJoined(participant: DailyParticipant): void {
    this.joined?.roomParticipantJoined(participant);
  }

  /** @internal */
  botLeft(sessionId: string): void {
    this.speeches.bot = null;
    this.joined?.roomParticipantLeft(sessionId);
  }

  /** @internal */
  sendToClient(data: unknown, fromId: string): void {
    if (!this.online) return;
    this.joined?.roomAppMessage(data, fromId);
  }

  /** @internal */
  speech(role: 'user' | 'bot', startMs: number, durationMs: number, seed: number): void {
    this.speeches[role] = { start: startMs, end: startMs + durationMs, seed };
    const bot = this.bot.participant();
    if (role === 'user') this.joined?.roomActiveSpeaker('local');
    else if (bot) this.joined?.roomActiveSpeaker(bot.session_id);
  }

  /** @internal */
  localUserId(): string {
    return this.joined?.participants().local.user_id ?? 'local';
  }

  /** @internal Leak report for `assertNoLeftovers`. */
  leftovers(): string[] {
    const timers = this.pendingTimers();
    if (this.disposed || timers === 0) return [];
    return [
      `MockRoom ${this.url} was not disposed and still has ${timers} timer(s) running ` +
        `(bot state '${this.bot.state}'): end the session or call room.dispose()`,
    ];
  }

  /** @internal */
  forceRelease(): void {
    this.dispose();
  }

  private botLevel(nowMs: number): number {
    const meter = this.options.levelMeters?.bot;
    if (meter) return this.bot.participant() ? clampLevel(meter()) : 0;
    const speech = this.speeches.bot;
    if (!speech || !this.bot.participant() || nowMs < speech.start || nowMs >= speech.end) return 0;
    return speechLevel(nowMs - speech.start, speech.seed);
  }

  private createHuman(userName: string): DailyParticipant {
    const participant = mockParticipant({
      sessionId: `human-${this.roomNo}-${this.humans.size + 1}`,
      userName,
      audioTrack: new FakeMediaStreamTrack({ label: `${userName} audio` }),
    });
    this.humans.set(participant.session_id, participant);
    return participant;
  }
}

/** Creates a mock room (see `MockRoom`). */
export function createMockRoom(options?: MockRoomOptions): MockRoom {
  return new MockRoom(options);
}
