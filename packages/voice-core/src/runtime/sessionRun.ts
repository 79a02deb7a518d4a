import { ConnectionError, toVoiceError, VoiceError } from '../errors';
import { transition } from '../sessionMachine';
import { effectiveLimits } from '../sessionOptions';
import { type EndReason, endReasonFor } from '../store/endReason';
import { countTimeline } from '../store/sessionTimeline';
import { isMicOff } from '../store/voiceSnapshot';
import { BoundedIdSet } from '../util/boundedIdSet';
import { dailyOptionsFor } from '../voiceConfig';
import { handleBackendEvent } from './backend/backendEventHandlers';
import { clientTimelineOf } from './backend/clientTimeline';
import { beaconEnd, endTarget } from './backend/endOnBackend';
import { newIdempotencyKey } from './backend/idempotencyKey';
import { sessionGoneReason } from './backend/sessionGone';
import { openEventStream } from './backend/eventStream';
import { startActiveWork } from './activeWork';
import { acquireCall } from './callLifecycle';
import { connectTimeoutError } from './connectTimeoutError';
import { createCallEventHandlers } from './callEventHandlers';
import type { VoiceCall } from './dailyCall';
import { endRun } from './endRun';
import type { HandlerContext } from './handlerContext';
import { watchPage } from './pageLifecycle';
import { createParticipantManager, type ParticipantManager } from './participantManager';
import type { RunContext } from './runContext';
import { RunResources } from './runResources';
import { attachEventBridge, type BridgeHandlers } from './rtvi/eventBridge';
import { handleRtvi } from './rtvi/rtviHandlers';
import { ClientRequests, type RequestOptions } from './rtvi/clientRequests';
import {
  clientReadyMessage,
  type RtviOutboundMessage,
  rtviMessage,
  sendTextMessage,
} from './rtvi/rtviMessages';
import { ToolCallTracker } from './rtvi/toolCalls';
import { RunTranscript } from './runTranscript';
import { isStreamDrop, TransientErrors } from './transientErrors';

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
  readonly #participants: ParticipantManager;
  readonly #seen = new BoundedIdSet(2000);
  readonly #transcript: RunTranscript;
  readonly #requests = new ClientRequests((message) => this.#send(message));
  readonly #tools: ToolCallTracker;
  /** Heartbeat, stream and mute failures, cleared from the snapshot when they recover. */
  readonly #transient: TransientErrors;
  /** The backend keeps the bot for the persistence window: no `disconnect-bot` at the end. */
  #botPersists = false;
  #call: VoiceCall | null = null;
  #sessionId: string | null = null;
  /** The start's key while its answer is unknown (see `EndingRun.idempotencyKey`). */
  #startKey: string | null = null;
  #joined = false;
  #botReady = false;
  #clientReadySent = false;
  #spoke = false;
  #ending: Promise<void> | null = null;
  #botStopped: (() => void) | null = null;
  #connectTimer: ReturnType<typeof setTimeout> | undefined;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
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
    this.#handlers = this.#handlerContext();
  }

  /** The live call object (for `<DailyProvider callObject>`), or null. */
  get call(): VoiceCall | null {
    return this.#call;
  }

  /** Applies the snapshot's mute/pause state to the level meter and, once joined, the track. */
  syncMic(): void {
    const off = isMicOff(this.#ctx.store.get());
    this.#ctx.audio.setMuted(off);
    if (this.#joined && !this.#ending) this.#tryCall(() => this.#call?.setLocalAudio(!off));
  }

  /** Someone spoke or typed: feeds the heartbeat and pushes the idle deadline. */
  activity(): void {
    this.#spoke = true;
    this.#resources.guard?.activity();
  }

  /** Tells the backend the current mute state, stamped so a stale update loses. */
  sendMute(): void {
    if (!this.#sessionId || this.#ending) return;
    const { muted } = this.#ctx.store.get();
    this.#ctx.backend
      .mute(
        { sessionId: this.#sessionId, muted, at: this.#ctx.muteStamp() || Date.now() },
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
  /**
   * The connect flow: the backend's answer (room, token, bot launch) and the call object's
   * creation (and daily-js's download) run side by side; the join follows the answer;
   * `active` needs both the join and the bot's `bot-ready`, within `connectMs`.
   */
  async connect(): Promise<void> {
    const ctx = this.#ctx;
    const resources = this.#resources;
    this.#connectTimer = resources.after(ctx.timeouts.connectMs, () =>
      this.#fail(
        connectTimeoutError(ctx.timeouts.connectMs, {
          answered: this.#sessionId !== null,
          joined: this.#joined,
          botPresent: this.#participants.botSessionId !== null,
          bot: { expected: this.#participants.describeBot(), others: this.#participants.others() },
        }),
      ),
    );
    // A page that goes away while the start is in flight still ends, by beacon, whatever the
    // backend made of it (the start's key names it); the active run adds its own hooks.
    if (ctx.options.pageLifecycle !== false) {
      resources.watchPage(watchPage({ onHide: () => this.#onPageHide(), onVisible: () => {} }));
    }
    resources.call = acquireCall(dailyOptionsFor(ctx.config), ctx.createCall, resources).then(
      (call) => {
        this.#call = call;
        resources.callObject = call;
        const handlers = createCallEventHandlers(this.#handlers, (message, fromId) =>
          handleRtvi(this.#handlers, message, fromId),
        );
        resources.attachBridge(attachEventBridge(call, this.#deadlinesFirst(handlers), this.#seen));
        return call;
      },
      (error: unknown) => {
        // No call object, no session: fail now rather than after the backend answers.
        this.#fail(toVoiceError(error));
        return null;
      },
    );
    try {
      const { options, config, store } = ctx;
      this.#startKey = newIdempotencyKey();
      const answer = await ctx.backend.startSession(
        {
          idempotencyKey: this.#startKey,
          userId: options.userId,
          assistant: options.assistant,
          persistence: options.persistence ?? config.defaultPersistence,
        },
        resources.abort.signal,
      );
      if (this.#ending) return;
      this.#sessionId = answer.sessionId;
      if (answer.botName || answer.botUserId) {
        this.#participants.setBotIdentity({
          ...(answer.botName ? { name: answer.botName } : {}),
          ...(answer.botUserId ? { userId: answer.botUserId } : {}),
        });
      }
      const persistence = options.persistence ?? config.defaultPersistence;
      this.#botPersists = answer.botPersists ?? persistence > 0;
      store.mark('backendAnsweredAt');
      store.set({
        sessionId: answer.sessionId,
        roomUrl: answer.roomUrl,
        limits: effectiveLimits(answer.limits, answer.expiresAt, options.limits ?? {}, config),
      });
      if (answer.eventsUrl && options.dataChannel !== false) this.#openStream(answer.eventsUrl);
      const call = await resources.call;
      if (this.#ending || !call) return;
      await call.join({
        url: answer.roomUrl,
        token: answer.token,
        startAudioOff: store.get().muted,
      });
      if (this.#ending) return;
      this.#onJoined();
    } catch (error) {
      const e = toVoiceError(error);
      // An HTTP answer to the start means no session was made; anything else (a network
      // error, a timeout) may have made one: the end names it by the key.
      if (e.status !== undefined && this.#sessionId === null) this.#startKey = null;
      if (!this.#ending) this.#fail(e);
    }
    return this.#settled;
  }

  #onJoined(): void {
    if (this.#joined || !this.#call) return;
    this.#joined = true;
    this.#ctx.store.mark('joinedAt');
    this.#ctx.store.set({ joined: true });
    const interval = this.#ctx.options.audio?.levelIntervalMs ?? 50;
    void this.#call.startLocalAudioLevelObserver(interval).catch(() => {});
    void this.#call.startRemoteParticipantsAudioLevelObserver(interval).catch(() => {});
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
    resources.clear(this.#connectTimer);
    store.mark('activeAt');
    store.move('ready');
    this.#settle();
    this.syncMic();
    this.sendMute(); // a mute chosen while connecting reaches the backend now
    startActiveWork(ctx, resources, {
      sessionId: () => this.#sessionId,
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
      adopt(endRun(this.#ctx, this.#resources, this.#endingView(), reason, error));
    }
    this.#settle();
    return this.#ending;
  }

  #fail(error: VoiceError): void {
    if (this.#ending) return;
    this.#ctx.emitter.emit('voice.error', { error });
    void this.finish(endReasonFor(error), error);
  }

  #endingView() {
    const run = this;
    return {
      get joined() {
        return run.#joined;
      },
      get sessionId() {
        return run.#sessionId;
      },
      get idempotencyKey() {
        return run.#startKey;
      },
      botStoppedSpeaking: (ms: number) =>
        new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            this.#botStopped = null;
            resolve();
          };
          const timer = setTimeout(done, ms);
          this.#botStopped = done;
        }),
      tryCall: (fn: () => unknown) => this.#tryCall(fn),
      disconnectBot: () => {
        const call = this.#call;
        // Kept for reuse, or nothing to end: the bot stays (or is gone already).
        if (this.#botPersists || !call || !this.#joined || this.#participants.botSessionId === null)
          return;
        this.#tryCall(() => call.sendAppMessage(rtviMessage('disconnect-bot', {}), '*'));
      },
    };
  }

  #onPageHide(): void {
    if (this.#ending) return;
    const target = endTarget(this.#sessionId, this.#startKey);
    const timeline = clientTimelineOf(this.#ctx.store.get().timeline);
    // The beacon reaches the backend even if the page dies before a fetch could.
    if (target && beaconEnd(this.#ctx.backend, { ...target, reason: 'page-hidden', timeline })) {
      this.#sessionId = null;
      this.#startKey = null;
    }
    void this.finish('page-hidden');
  }

  // ── background work of a live run ─────────────────────────────────────────────────────
  #openStream(eventsUrl: string): void {
    const { backend, options } = this.#ctx;
    const own = 'startSession' in options.backend ? undefined : options.backend;
    this.#resources.stream = openEventStream({
      url: backend.resolveUrl(eventsUrl),
      fetch: own?.fetch,
      headers: own?.headers,
      onEvent: (event) => {
        if (!this.#deadlinePassed()) handleBackendEvent(this.#handlers, event);
      },
      onOpen: () => this.#transient.recovered('stream'),
      onError: (error) =>
        this.#gone(error) ||
        (isStreamDrop(error) ? this.#transient.failed('stream', error) : this.#ctx.report(error)),
    });
  }

  #networkInterrupted(interrupted: boolean): void {
    if (interrupted && this.#reconnectTimer === undefined && !this.#ending) {
      const { store } = this.#ctx;
      store.set({ timeline: countTimeline(store.get().timeline, 'reconnects') });
    }
    this.#resources.clear(this.#reconnectTimer);
    this.#reconnectTimer = undefined;
    if (!interrupted || this.#ending) return;
    const ms = this.#ctx.timeouts.reconnectMs;
    this.#reconnectTimer = this.#resources.after(ms, () =>
      this.#fail(
        new ConnectionError('network-lost', {
          message: `The connection did not come back within ${ms} ms.`,
        }),
      ),
    );
  }

  #send(message: RtviOutboundMessage): boolean {
    const call = this.#call;
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
  #deadlinePassed(): boolean {
    const guard = this.#resources.guard;
    if (!guard || this.#ending) return false;
    guard.check();
    return this.#ending !== null;
  }

  /**
   * The bridge's handlers, each checking the deadlines before it handles its event, and each
   * in a store batch: what one event changes is published once, together (a subscriber never
   * sees the bot gone while the session is still active), and a burst wakes subscribers once.
   */
  #deadlinesFirst(handlers: BridgeHandlers): BridgeHandlers {
    const { store } = this.#ctx;
    const checked = {} as Record<string, (a: unknown, b: unknown) => void>;
    // Every bridge handler takes at most two arguments: passed on as they are, so the
    // wrapper allocates nothing per event (no rest array, no closure).
    for (const [name, handler] of Object.entries(handlers) as Array<
      [string, (a: unknown, b: unknown) => void]
    >) {
      checked[name] = (a, b) => {
        if (!this.#deadlinePassed()) store.batchCall(handler, a, b);
      };
    }
    return checked as unknown as BridgeHandlers;
  }

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

  /** The one narrow object the message handlers act through. */
  #handlerContext(): HandlerContext {
    const { store, emitter, audio } = this.#ctx;
    return {
      snapshot: store.peek,
      set: (patch) => store.set(patch),
      setBot: (patch) => store.set({ bot: { ...store.peek().bot, ...patch } }),
      emit: (type, payload) => emitter.emit(type, payload as never),
      listens: (type) => emitter.has(type),
      mark: (m) => store.mark(m),
      countUsage: (llmCalls, ttsChars) => store.countUsage(llmCalls, ttsChars),
      transcript: (input) => this.#transcript.apply(input),
      activity: () => this.activity(),
      report: (error, fatal) => (fatal ? this.#fail(error) : this.#ctx.report(error)),
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
      botStoppedSpeaking: () => this.#botStopped?.(),
      networkInterrupted: (on) => this.#networkInterrupted(on),
      tools: this.#tools,
      requests: this.#requests,
      participants: this.#participants,
      audio,
      seen: this.#seen,
    };
  }
}
