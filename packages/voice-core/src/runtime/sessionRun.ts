import { toVoiceError, VoiceError } from '../errors';
import { transition } from '../sessionMachine';
import { type EndReason, endReasonFor } from '../store/endReason';
import { isMicOff } from '../store/voiceSnapshot';
import { BoundedIdSet } from '../util/boundedIdSet';
import { sessionGoneReason } from './backend/sessionGone';
import { startActiveWork } from './activeWork';
import { connectRun } from './connectRun';
import type { VoiceCall } from './dailyCall';
import { BotStopWait, beaconOnHide, endingRunOf } from './endingRunOf';
import { endRun } from './endRun';
import type { HandlerContext } from './handlerContext';
import { handlerContextFor } from './handlerContextFor';
import { createParticipantManager, type ParticipantManager } from './participantManager';
import { ReconnectDeadline } from './reconnectDeadline';
import type { RunContext } from './runContext';
import { RunResources } from './runResources';
import type { RunView } from './runView';
import { ClientRequests, type RequestOptions } from './rtvi/clientRequests';
import {
  clientReadyMessage,
  type RtviOutboundMessage,
  rtviMessage,
  sendTextMessage,
} from './rtvi/rtviMessages';
import { ToolCallTracker } from './rtvi/toolCalls';
import { RunTranscript } from './runTranscript';
import { TransientErrors } from './transientErrors';

/**
 * One start → end run of a session. It owns everything it starts (call object, bridge,
 * timers, guard, event stream, page hooks) in one private bag, so a stale run can never touch
 * the next one and the end flow releases all of it in one place. Its surface is small:
 * `connect()`, `finish()`, and the few commands the session forwards while it is live.
 */
export class SessionRun {
  readonly #ctx: RunContext;
  readonly #resources = new RunResources();
  readonly #handlers: HandlerContext;
  /** The state its connect and end flows share with it (see `RunView`). */
  readonly #run: RunView;
  readonly #participants: ParticipantManager;
  readonly #seen = new BoundedIdSet(2000);
  readonly #transcript: RunTranscript;
  readonly #requests = new ClientRequests((message) => this.#send(message));
  readonly #tools: ToolCallTracker;
  /** Heartbeat, stream and mute failures, cleared from the snapshot when they recover. */
  readonly #transient: TransientErrors;
  #joined = false;
  #botReady = false;
  #clientReadySent = false;
  #spoke = false;
  #ending: Promise<void> | null = null;
  readonly #stopWait = new BotStopWait();
  readonly #reconnect: ReconnectDeadline;
  /** Resolves when the run is active or has begun to end: what `start()` waits for. */
  #settle: () => void = () => {};
  readonly #settled = new Promise<void>((resolve) => {
    this.#settle = resolve;
  });

  constructor(ctx: RunContext) {
    this.#ctx = ctx;
    this.#participants = createParticipantManager({ name: ctx.options.botName });
    this.#transcript = new RunTranscript(ctx.store, ctx.emitter, ctx.options.maxTranscriptEntries);
    this.#transient = new TransientErrors(ctx.store, (e) => ctx.report(e));
    this.#tools = new ToolCallTracker({
      tools: ctx.tools,
      emitter: ctx.emitter,
      report: (e) => this.#ctx.report(e),
      send: (message) => void this.#send(message),
    });
    this.#reconnect = new ReconnectDeadline(ctx, this.#resources, (e) => this.#fail(e));
    this.#handlers = this.#handlerContext();
    this.#run = this.#runView();
  }

  /** The live call object (for `<DailyProvider callObject>`), or null. */
  get call(): VoiceCall | null {
    return this.#run.call;
  }

  /** Applies the snapshot's mute/pause state to the level meter and, once joined, the track. */
  syncMic(): void {
    const off = isMicOff(this.#ctx.store.get());
    this.#ctx.audio.setMuted(off);
    if (this.#joined && !this.#ending) this.#tryCall(() => this.#run.call?.setLocalAudio(!off));
  }

  /** Someone spoke or typed: feeds the heartbeat and pushes the idle deadline. */
  activity(): void {
    this.#spoke = true;
    this.#resources.guard?.activity();
  }

  /** Tells the backend the current mute state, stamped so a stale update loses. */
  sendMute(): void {
    if (!this.#run.sessionId || this.#ending) return;
    const { muted } = this.#ctx.store.get();
    this.#ctx.backend
      .mute(
        { sessionId: this.#run.sessionId, muted, at: this.#ctx.muteStamp() || Date.now() },
        this.#resources.abort.signal,
      )
      .then(
        () => this.#transient.recovered('mute'),
        (e: unknown) => this.#gone(e) || this.#transient.failed('mute', e),
      );
  }

  /** Sends typed text to the bot and records it in the transcript. */
  sendText(text: string): void {
    this.#send(sendTextMessage(text));
    this.#transcript.apply({ kind: 'user-text', at: Date.now(), text });
    this.activity();
  }

  /** `client-message {t, d}` answered by the bot's `server-response` (see `ClientRequests`). */
  request(t: string, d: unknown, options?: RequestOptions): Promise<unknown> {
    return this.#requests.request(t, d, options);
  }

  /** Fire-and-forget `client-message {t, d}`; false when it could not be sent. */
  sendClientMessage(t: string, d: unknown): boolean {
    return this.#send(rtviMessage('client-message', d === undefined ? { t } : { t, d }));
  }

  // ── connect ──────────────────────────────────────────────────────────────────────────
  /** Starts the session and joins its room (see `connectRun`); resolves once active or ending. */
  connect(): Promise<void> {
    return connectRun(this.#ctx, this.#resources, this.#run);
  }

  /** The run's state as its connect and end flows see it (built once, in the constructor). */
  #runView(): RunView {
    const run = this;
    return {
      handlers: this.#handlers,
      participants: this.#participants,
      seen: this.#seen,
      transient: this.#transient,
      deadlinePassed: this.#deadlinePassed,
      settled: this.#settled,
      get ending() {
        return run.#ending !== null;
      },
      get joined() {
        return run.#joined;
      },
      sessionId: null,
      startKey: null,
      botPersists: false,
      call: null,
      connectTimer: undefined,
      fail: (error) => this.#fail(error),
      onJoined: () => this.#onJoined(),
      onPageHide: () => this.#onPageHide(),
      gone: (error) => this.#gone(error),
      tryCall: (fn) => this.#tryCall(fn),
    };
  }

  #onJoined(): void {
    if (this.#joined || !this.#run.call) return;
    this.#joined = true;
    this.#ctx.store.mark('joinedAt');
    this.#ctx.store.set({ joined: true });
    const interval = this.#ctx.options.audio?.levelIntervalMs ?? 50;
    void this.#run.call.startLocalAudioLevelObserver(interval).catch(() => {});
    void this.#run.call.startRemoteParticipantsAudioLevelObserver(interval).catch(() => {});
    this.syncMic();
    this.#maybeActive();
  }

  /** `active` means joined AND bot ready. */
  #maybeActive(): void {
    const ctx = this.#ctx;
    const { store, emitter } = ctx;
    const resources = this.#resources;
    if (!this.#joined || !this.#botReady || this.#ending) return;
    if (transition(store.get().status, 'ready') === null) return;
    resources.clear(this.#run.connectTimer);
    store.mark('activeAt');
    store.move('ready');
    this.#settle();
    this.syncMic();
    this.sendMute(); // a mute chosen while connecting reaches the backend now
    startActiveWork(ctx, resources, {
      sessionId: () => this.#run.sessionId,
      takeSpoke: () => {
        const spoke = this.#spoke;
        this.#spoke = false;
        return spoke;
      },
      finish: (reason) => void this.finish(reason),
      failed: (e) => this.#transient.failed('heartbeat', e),
      recovered: () => this.#transient.recovered('heartbeat'),
      pageHidden: () => this.#onPageHide(),
    });
    const { sessionId, roomUrl, timeline } = store.get();
    emitter.emit('voice.session.start', {
      sessionId: sessionId ?? '',
      roomUrl: roomUrl ?? '',
      reused: false,
      connectMs: timeline.connectMs ?? 0,
    });
  }

  // ── end ──────────────────────────────────────────────────────────────────────────────
  /**
   * The one end path (see `endRun.ts`). Every end — user stop, goodbye, guard, failure,
   * destroy, page hide — goes through here, once; later calls share the first one's promise.
   */
  finish(reason: EndReason, error: VoiceError | null = null): Promise<void> {
    if (!this.#ending) {
      this.#requests.cancelAll();
      // Claimed before the end flow runs: its first, synchronous steps fire events (the mic
      // track stopping) whose handlers may end the run again — a passed deadline, a fatal
      // event — and must find it ending, not start a second end flow.
      let adopt!: (flow: Promise<void>) => void;
      this.#ending = new Promise<void>((resolve) => {
        adopt = resolve;
      });
      adopt(
        endRun(this.#ctx, this.#resources, endingRunOf(this.#run, this.#stopWait), reason, error),
      );
    }
    this.#settle();
    return this.#ending;
  }

  #fail(error: VoiceError): void {
    if (this.#ending) return;
    this.#ctx.emitter.emit('voice.error', { error });
    void this.finish(endReasonFor(error), error);
  }

  #onPageHide(): void {
    if (this.#ending) return;
    beaconOnHide(this.#ctx, this.#run);
    void this.finish('page-hidden');
  }

  // ── background work of a live run ─────────────────────────────────────────────────────
  #send(message: RtviOutboundMessage): boolean {
    const call = this.#run.call;
    if (this.#ending || !call || !this.#joined) return false;
    this.#requests.record(message);
    return this.#tryCall(() => call.sendAppMessage(message, '*'));
  }

  /** An answer saying the backend no longer has the session ends it here too (true then). */
  #gone(e: unknown): boolean {
    const reason = sessionGoneReason(toVoiceError(e));
    if (reason) void this.finish(reason);
    return reason !== null;
  }

  /**
   * Compares the guard's wall-clock deadlines with now, as the first thing each inbound event
   * does: a throttled tab's timers may not have run, and the first thing to arrive after a
   * deadline must end the session rather than be handled (a late word must not move an idle
   * deadline that has passed). True when a deadline ended the run just now: the event is then
   * dropped, since it came after the end.
   */
  readonly #deadlinePassed = (): boolean => {
    const guard = this.#resources.guard;
    if (!guard || this.#ending) return false;
    guard.check();
    return this.#ending !== null;
  };

  /** Runs a call operation; false (and reported) when it threw. */
  #tryCall(fn: () => unknown): boolean {
    try {
      fn();
      return true;
    } catch (cause) {
      const message = 'A call operation failed.';
      this.#ctx.report(new VoiceError('invalid-state', { message, cause, fatal: false }));
      return false;
    }
  }

  /** The one narrow object the message handlers act through (see `handlerContextFor`). */
  #handlerContext(): HandlerContext {
    const parts = { transcript: this.#transcript, tools: this.#tools, requests: this.#requests };
    return handlerContextFor(
      this.#ctx,
      { ...parts, participants: this.#participants, seen: this.#seen },
      {
        activity: () => this.activity(),
        fail: (error) => this.#fail(error),
        finish: (reason) => void this.finish(reason),
        isEnding: () => this.#ending !== null,
        joined: () => this.#onJoined(),
        botReady: () => {
          this.#botReady = true;
          this.#maybeActive();
        },
        botAudioStarted: () => {
          if (this.#clientReadySent || !this.#joined) return;
          this.#clientReadySent = true;
          this.#send(clientReadyMessage());
        },
        botStoppedSpeaking: () => this.#stopWait.stopped(),
        networkInterrupted: (on) => this.#reconnect.update(on, this.#ending !== null),
      },
    );
  }
}
