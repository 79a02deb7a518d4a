import {
  type AudioManager,
  type AudioOptions,
  createAudioManager,
  type LevelChannel,
} from './audioManager';
import {
  type BackendClient,
  type BackendClientOptions,
  createBackendClient,
} from './backendClient';
import type { AssistantOptions, SessionLimits } from './backendProtocol';
import { BoundedIdSet } from './boundedIdSet';
import { acquireCall, releaseCall } from './callLifecycle';
import type { UnitPrices } from './costEstimate';
import { type CostGuard, startCostGuard } from './costGuard';
import type { CallFactory, VoiceCall } from './dailyCall';
import { BackendError, BotError, ConnectionError, isVoiceError, VoiceError } from './errors';
import { attachEventBridge } from './eventBridge';
import { type EventStream, openEventStream } from './eventStream';
import { sendBeacon, watchPage } from './pageLifecycle';
import { createParticipantManager } from './participantManager';
import { rtviMessage, RTVI_PROTOCOL_VERSION } from './rtviMessages';
import {
  createBridgeHandlers,
  handleBackendEvent,
  handleRtvi,
  type SessionInternals,
} from './sessionHandlers';
import { type SessionEvent, transition } from './sessionMachine';
import { endTimeline, EMPTY_TIMELINE, markTimeline, type TimelineMark } from './sessionTimeline';
import { type ToolHandler, ToolRegistry } from './toolRegistry';
import {
  createTranscriptState,
  reduceTranscript,
  type TranscriptInput,
  type TranscriptState,
} from './transcript';
import { TypedEmitter } from './typedEmitter';
import { DEFAULT_VOICE_CONFIG, dailyOptionsFor, type VoiceConfig } from './voiceConfig';
import type { EndReason, VoiceEventMap, VoiceEventType } from './voiceEvents';
import {
  FRESH_SESSION,
  INITIAL_SNAPSHOT,
  patchSnapshot,
  type VoiceSnapshot,
} from './voiceSnapshot';

export interface VoiceSessionOptions {
  /** Your backend (`createVoiceHandler`'s base URL), or a ready client. */
  backend: BackendClientOptions | BackendClient;
  /** Creates the Daily call object. Default: lazy `import('@daily-co/daily-js')`. Tests pass `createMockRoom().callFactory`. */
  callFactory?: CallFactory;
  assistant?: AssistantOptions;
  /** Sent to the backend; ignored there when the backend authenticates requests itself. */
  userId?: string;
  /** Seconds the room outlives the user (the plan's `sessionPersistence`). */
  persistence?: number;
  /** The bot's Daily user name, when the backend's answer doesn't carry `botName`. */
  botName?: string;
  config?: Partial<VoiceConfig>;
  /** Client-side guard limits; the stricter of these and the server's wins. */
  limits?: Partial<SessionLimits>;
  timeouts?: {
    /** start → active (joined and bot ready), default 15 000. */
    connectMs?: number;
    /** How long a goodbye may keep the bot talking before we leave, default 4 000. */
    goodbyeMs?: number;
    /** Network interrupted → give up, default 20 000 (Daily ejects after ~20 s of lost signalling). */
    reconnectMs?: number;
    /** One tool handler's time, default 10 000. */
    toolMs?: number;
    /** Heartbeat period, default 15 000. */
    heartbeatMs?: number;
  };
  audio?: AudioOptions;
  unitPrices?: Partial<UnitPrices>;
  maxTranscriptEntries?: number;
  /** Subscribe to the backend's SSE stream when it offers one (default true). */
  dataChannel?: boolean;
  /** End with a beacon on `pagehide` and re-check deadlines on `visibilitychange` (default true). */
  pageLifecycle?: boolean;
}

const DEFAULT_LIMITS: SessionLimits = {
  hardMs: 10 * 60_000,
  idleMs: 2 * 60_000,
  warnMs: 2 * 60_000,
};

/** One start → end run: everything it owns, so a stale run can never touch the next one. */
interface Attempt {
  readonly abort: AbortController;
  readonly timers: Set<ReturnType<typeof setTimeout>>;
  callPromise: Promise<VoiceCall | null>;
  call: VoiceCall | null;
  detach: (() => void) | null;
  stream: EventStream | null;
  guard: CostGuard | null;
  unwatchPage: (() => void) | null;
  sessionId: string | null;
  joined: boolean;
  botReady: boolean;
  clientReadySent: boolean;
  spoke: boolean;
  ending: Promise<void> | null;
  botStopped: (() => void) | null;
  connectTimer?: ReturnType<typeof setTimeout>;
  reconnect?: ReturnType<typeof setTimeout>;
}

/**
 * The engine of one user's voice session: the single source of truth for the page.
 * Framework-agnostic; React binds to `subscribe`/`getSnapshot` and `levels`.
 *
 * @example
 * const session = createVoiceSession({ backend: { baseUrl: '/api/voice' } });
 * session.subscribe(() => render(session.getSnapshot()));
 * button.onclick = () => session.toggle();
 */
export class VoiceSession {
  /** Smoothed audio levels and voice states, on their own subscription. */
  readonly levels: LevelChannel;
  private snapshot: VoiceSnapshot = INITIAL_SNAPSHOT;
  private readonly listeners = new Set<() => void>();
  private readonly emitter: TypedEmitter<VoiceEventMap>;
  private readonly backend: BackendClient;
  private readonly config: VoiceConfig;
  private readonly audio: AudioManager;
  private readonly participants;
  private readonly tools: ToolRegistry;
  private readonly seen = new BoundedIdSet(2000);
  private transcriptState: TranscriptState = createTranscriptState();
  private attempt: Attempt | null = null;
  private starting: Promise<void> | null = null;
  private muteAt = 0;
  private destroyed = false;
  private readonly t: Required<NonNullable<VoiceSessionOptions['timeouts']>>;

  constructor(private readonly options: VoiceSessionOptions) {
    this.emitter = new TypedEmitter((error) =>
      this.report(
        new VoiceError('invalid-state', {
          message: 'A voice event handler threw.',
          cause: error,
          fatal: false,
        }),
        false,
      ),
    );
    this.backend =
      'startSession' in options.backend ? options.backend : createBackendClient(options.backend);
    this.config = { ...DEFAULT_VOICE_CONFIG, ...options.config };
    this.audio = createAudioManager(options.audio);
    this.levels = { subscribe: this.audio.subscribe, getSnapshot: this.audio.getSnapshot };
    this.participants = createParticipantManager({ name: options.botName });
    this.tools = new ToolRegistry(options.timeouts?.toolMs ?? 10_000);
    this.t = {
      connectMs: 15_000,
      goodbyeMs: 4_000,
      reconnectMs: 20_000,
      toolMs: 10_000,
      heartbeatMs: 15_000,
      ...options.timeouts,
    };
  }

  // ── store ────────────────────────────────────────────────────────────────────────────
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  getSnapshot = (): VoiceSnapshot => this.snapshot;

  /** Subscribe to one event type; returns the unsubscribe function. */
  on<T extends VoiceEventType>(type: T, handler: VoiceEventMap[T]): () => void {
    return this.emitter.on(type, handler);
  }

  /** The live Daily call object (for `<DailyProvider callObject>`), or null. */
  getCall(): VoiceCall | null {
    return this.attempt?.call ?? null;
  }

  /** Registers a handler for the bot's LLM tool `name`; returns the unregister function. */
  registerTool(name: string, handler: ToolHandler): () => void {
    return this.tools.register(name, handler);
  }

  // ── commands ─────────────────────────────────────────────────────────────────────────
  /** Starts a session. Concurrent calls share one start; resolves when active or failed, never rejects. */
  start(): Promise<void> {
    if (this.destroyed) {
      this.report(
        new VoiceError('invalid-state', {
          message: 'This voice session was destroyed.',
          fatal: false,
        }),
        false,
      );
      return Promise.resolve();
    }
    if (this.starting) return this.starting;
    if (!this.snapshot.flags.canStart) return Promise.resolve();
    this.starting = this.connect().finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  /** Ends the session through the one end path. Resolves when everything is released. */
  stop(reason: EndReason = 'user'): Promise<void> {
    return this.finish(reason, null);
  }

  /**
   * Starts when it can, stops an active or paused session, and does nothing while connecting
   * or disconnecting — so a double click never starts two sessions nor cancels the one it
   * just started. Use `stop()` to cancel a connecting session on purpose.
   */
  toggle(): Promise<void> {
    const { flags } = this.snapshot;
    if (flags.canStart) return this.start();
    if (flags.isActive || flags.isPaused) return this.stop();
    return this.starting ?? Promise.resolve();
  }

  /** Gives the mic to a DailyCall: mutes it and keeps the connection. */
  pause(): void {
    if (!this.move('pause')) return;
    this.applyMic();
  }

  resume(): void {
    if (!this.move('resume')) return;
    this.applyMic();
    this.attempt?.guard?.activity();
  }

  /** Mutes at once (the track is disabled), tells the backend with a timestamp, replays after bot-ready. */
  setMuted(muted: boolean): void {
    this.muteAt = Math.max(Date.now(), this.muteAt + 1);
    this.set({ muted });
    this.emitter.emit('voice.mute', { muted });
    this.applyMic();
    this.sendMute();
  }

  /** Sends typed text to the bot. Returns false (and reports `invalid-state`) when not active. */
  sendText(text: string): boolean {
    const call = this.attempt?.call;
    if (!this.snapshot.flags.isActive || !call || text.trim() === '') {
      this.report(
        new VoiceError('invalid-state', {
          message: 'Text can only be sent during an active session.',
          fatal: false,
        }),
        false,
      );
      return false;
    }
    call.sendAppMessage(
      rtviMessage('send-text', {
        content: text,
        options: { run_immediately: true, audio_response: true },
      }),
      '*',
    );
    this.transcript({ kind: 'user-text', at: Date.now(), text });
    this.activity();
    return true;
  }

  /** Ends any session, drops every listener and refuses further starts. */
  async destroy(): Promise<void> {
    this.destroyed = true;
    await this.finish('destroyed', null);
    this.tools.abortAll();
    this.emitter.clear();
    this.listeners.clear();
  }

  /** Listener counts, for leak checks in tests. */
  diagnostics(): {
    listeners: number;
    eventHandlers: number;
    levelListeners: number;
    pendingTools: number;
    live: boolean;
  } {
    return {
      listeners: this.listeners.size,
      eventHandlers: this.emitter.listenerCount(),
      levelListeners: this.audio.listenerCount(),
      pendingTools: this.tools.pending,
      live: this.attempt !== null,
    };
  }

  // ── connect ──────────────────────────────────────────────────────────────────────────
  private async connect(): Promise<void> {
    const a: Attempt = {
      abort: new AbortController(),
      timers: new Set(),
      callPromise: Promise.resolve(null),
      call: null,
      detach: null,
      stream: null,
      guard: null,
      unwatchPage: null,
      sessionId: null,
      joined: false,
      botReady: false,
      clientReadySent: false,
      spoke: false,
      ending: null,
      botStopped: null,
    };
    this.attempt = a;
    this.transcriptState = createTranscriptState();
    this.seen.clear();
    this.participants.reset();
    this.participants.setBotIdentity({ name: this.options.botName });
    this.move('start', {
      ...FRESH_SESSION,
      timeline: markTimeline(EMPTY_TIMELINE, 'requestedAt', Date.now()),
    });
    a.connectTimer = this.after(a, this.t.connectMs, () =>
      this.fail(a, this.connectTimeoutError(a)),
    );

    // The call object (and daily-js's download) is prepared while the backend answers.
    a.callPromise = acquireCall(dailyOptionsFor(this.config), this.options.callFactory).then(
      (call) => {
        a.call = call;
        a.detach = attachEventBridge(call, this.bridgeHandlers(a), this.seen);
        return call;
      },
      (error: unknown) => {
        // No call object, no session: fail now rather than after the backend answers.
        this.fail(a, this.toVoiceError(error));
        return null;
      },
    );
    try {
      const answer = await this.backend.startSession(
        {
          userId: this.options.userId,
          assistant: this.options.assistant,
          persistence: this.options.persistence ?? this.config.defaultPersistence,
        },
        a.abort.signal,
      );
      if (a.ending) return;
      a.sessionId = answer.sessionId;
      if (answer.botName) this.participants.setBotIdentity({ name: answer.botName });
      this.mark('backendAnsweredAt');
      this.set({
        sessionId: answer.sessionId,
        roomUrl: answer.roomUrl,
        limits: this.effectiveLimits(answer.limits, answer.expiresAt),
      });
      if (answer.eventsUrl && this.options.dataChannel !== false)
        this.openStream(a, this.backend.resolveUrl(answer.eventsUrl));
      const call = await a.callPromise;
      if (a.ending || !call) return;
      await call.join({
        url: answer.roomUrl,
        token: answer.token,
        startAudioOff: this.snapshot.muted,
      });
      if (a.ending) return;
      this.onJoined(a);
    } catch (error) {
      if (a.ending) return;
      this.fail(a, this.toVoiceError(error));
    }
  }

  private onJoined(a: Attempt): void {
    if (a.joined || !a.call) return;
    a.joined = true;
    this.mark('joinedAt');
    this.set({ joined: true });
    const interval = this.options.audio?.levelIntervalMs ?? 50;
    void a.call.startLocalAudioLevelObserver(interval).catch(() => {});
    void a.call.startRemoteParticipantsAudioLevelObserver(interval).catch(() => {});
    this.applyMic();
    this.maybeActive(a);
  }

  /** `active` means joined AND bot ready. */
  private maybeActive(a: Attempt): void {
    if (!a.joined || !a.botReady || a.ending || this.snapshot.status !== 'connecting') return;
    clearTimeout(a.connectTimer);
    if (a.connectTimer !== undefined) a.timers.delete(a.connectTimer);
    this.mark('activeAt');
    this.move('ready');
    this.applyMic();
    this.sendMute(); // a mute chosen while connecting reaches the backend now
    const limits = this.snapshot.limits ?? DEFAULT_LIMITS;
    a.guard = startCostGuard(limits, {
      onChange: (guard) => this.set({ guard }),
      onWarning: (kind, deadline) =>
        this.emitter.emit('voice.session.warning', {
          kind,
          deadline,
          remainingMs: Math.max(0, deadline - Date.now()),
        }),
      onExpire: (kind) => void this.finish(kind === 'hard' ? 'max-duration' : 'idle-timeout', null),
    });
    this.heartbeat(a);
    if (this.options.pageLifecycle !== false) {
      a.unwatchPage = watchPage({
        onHide: () => this.onPageHide(a),
        onVisible: () => a.guard?.check(),
      });
    }
    const { sessionId, roomUrl, timeline } = this.snapshot;
    this.emitter.emit('voice.session.start', {
      sessionId: sessionId ?? '',
      roomUrl: roomUrl ?? '',
      reused: false,
      connectMs: timeline.connectMs ?? 0,
    });
  }

  private sendClientReady(a: Attempt): void {
    if (a.clientReadySent || !a.joined || !a.call) return;
    a.clientReadySent = true;
    a.call.sendAppMessage(
      rtviMessage('client-ready', {
        version: RTVI_PROTOCOL_VERSION,
        about: { library: '@parley/voice-core' },
      }),
      '*',
    );
  }

  // ── end ──────────────────────────────────────────────────────────────────────────────
  private fail(a: Attempt, error: VoiceError): void {
    if (a !== this.attempt || a.ending) return;
    this.report(error, true);
    const reason: EndReason =
      error.code === 'bot-left'
        ? 'bot-left'
        : error.code === 'network-lost'
          ? 'network-lost'
          : error.code === 'session-ended'
            ? 'server-ended'
            : 'error';
    void this.finish(reason, error);
  }

  /**
   * The one end path, in the guide's order: stop input → clear timers → let the bot finish a
   * goodbye (bounded) → leave Daily → tell the backend → destroy.
   */
  private finish(reason: EndReason, error: VoiceError | null): Promise<void> {
    const a = this.attempt;
    if (!a) return Promise.resolve();
    if (a.ending) return a.ending;
    a.ending = this.runEnd(a, reason, error);
    return a.ending;
  }

  private async runEnd(a: Attempt, reason: EndReason, error: VoiceError | null): Promise<void> {
    const goodbye = reason === 'bot-goodbye' || reason === 'user-goodbye';
    this.move(error ? 'fail' : 'end', { endReason: reason, error: error ?? null });
    // 1. stop accepting input
    if (a.joined) this.trySync(() => a.call?.setLocalAudio(false));
    // 2. clear timers and everything else this attempt started
    for (const timer of a.timers) clearTimeout(timer);
    a.timers.clear();
    a.guard?.stop();
    a.abort.abort();
    a.stream?.close();
    a.unwatchPage?.();
    this.tools.abortAll();
    // 3. let the bot finish its goodbye
    if (goodbye && this.snapshot.bot.speaking && a.joined) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.t.goodbyeMs);
        a.botStopped = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      a.botStopped = null;
    }
    const call = await a.callPromise.catch(() => null);
    a.detach?.();
    // 4. leave
    if (call && !call.isDestroyed()) {
      this.trySync(() => call.stopLocalAudioLevelObserver());
      this.trySync(() => call.stopRemoteParticipantsAudioLevelObserver());
      const state = call.meetingState();
      if (state === 'joined-meeting' || state === 'joining-meeting')
        await call.leave().catch(() => {});
    }
    // 5. tell the backend
    if (a.sessionId)
      await this.backend
        .endSession({ sessionId: a.sessionId, reason })
        .catch((e: unknown) => this.report(this.toVoiceError(e), false));
    // 6. destroy
    if (call) await releaseCall(call);
    this.audio.reset();
    if (this.attempt === a) this.attempt = null;
    const timeline = endTimeline(
      this.snapshot.timeline,
      reason,
      Date.now(),
      this.options.unitPrices,
    );
    this.move('ended', {
      timeline,
      joined: false,
      guard: null,
      userSpeaking: false,
      connection: 'connected',
      bot: FRESH_SESSION.bot,
    });
    this.emitter.emit('voice.session.end', { reason, error, timeline });
  }

  private onPageHide(a: Attempt): void {
    if (a.sessionId) {
      const beacon = this.backend.beacon({ sessionId: a.sessionId, reason: 'page-hidden' });
      // The beacon tells the backend even if the page dies before fetch could.
      if (sendBeacon(beacon.url, beacon.data)) a.sessionId = null;
    }
    void this.finish('page-hidden', null);
  }

  // ── helpers used by the handlers module ──────────────────────────────────────────────
  private internals(a: Attempt): SessionInternals {
    return {
      attempt: a,
      snapshot: () => this.snapshot,
      set: (patch) => this.set(patch),
      emit: (type, payload) => this.emitter.emit(type, payload as never),
      transcript: (input) => this.transcript(input),
      mark: (m) => this.mark(m),
      activity: () => this.activity(),
      report: (error, fatal) => (fatal ? this.fail(a, error) : this.report(error, false)),
      finish: (reason) => void this.finish(reason, null),
      botReady: () => {
        a.botReady = true;
        this.maybeActive(a);
      },
      runTool: (id, name, args) => this.runTool(a, id, name, args),
      seen: this.seen,
      participants: this.participants,
      audio: this.audio,
      sendClientReady: () => this.sendClientReady(a),
      onJoined: () => this.onJoined(a),
      reconnectTimer: (on) => this.reconnectTimer(a, on),
    };
  }

  private bridgeHandlers(a: Attempt) {
    const s = this.internals(a);
    return createBridgeHandlers(s, (message, fromId) => handleRtvi(s, message, fromId));
  }

  private openStream(a: Attempt, url: string): void {
    const s = this.internals(a);
    const backend = this.options.backend;
    a.stream = openEventStream({
      url,
      fetch: 'startSession' in backend ? undefined : backend.fetch,
      headers: 'startSession' in backend ? undefined : backend.headers,
      onEvent: (event) => handleBackendEvent(s, event),
      onError: (error) => this.report(error, false),
    });
  }

  private runTool(
    a: Attempt,
    toolCallId: string,
    name: string,
    args: Record<string, unknown>,
  ): void {
    const run = this.tools.run(toolCallId, name, args);
    if (!run) return;
    this.emitter.emit('voice.bot.tool-call', { toolCallId, name, args, phase: 'started' });
    void run.then((outcome) => {
      if (outcome.ok === false && outcome.reason === 'aborted') return;
      this.emitter.emit('voice.bot.tool-call', {
        toolCallId,
        name,
        args,
        phase: outcome.ok ? 'completed' : 'failed',
        result: outcome.result,
      });
      if (!outcome.ok)
        this.report(
          new VoiceError('tool-failed', { message: outcome.result.error, fatal: false }),
          false,
        );
      if (a.ending || !a.call || a !== this.attempt) return;
      this.trySync(() =>
        a.call?.sendAppMessage(
          rtviMessage('llm-function-call-result', {
            function_name: name,
            tool_call_id: toolCallId,
            arguments: args,
            result: outcome.result,
          }),
          '*',
        ),
      );
    });
  }

  private heartbeat(a: Attempt): void {
    this.after(a, this.t.heartbeatMs, () => {
      if (!a.sessionId) return;
      const active = a.spoke;
      a.spoke = false;
      this.backend
        .heartbeat({ sessionId: a.sessionId, active, at: Date.now() }, a.abort.signal)
        .catch((e: unknown) => {
          const error = this.toVoiceError(e);
          if (error.status === 404) void this.finish('server-ended', null);
          else if (error.code !== 'aborted') this.report(error, false);
        });
      this.heartbeat(a);
    });
  }

  private reconnectTimer(a: Attempt, on: boolean): void {
    if (a.reconnect !== undefined) {
      clearTimeout(a.reconnect);
      a.timers.delete(a.reconnect);
      a.reconnect = undefined;
    }
    if (!on || a.ending) return;
    a.reconnect = this.after(a, this.t.reconnectMs, () =>
      this.fail(
        a,
        new ConnectionError('network-lost', {
          message: `The connection did not come back within ${this.t.reconnectMs} ms.`,
        }),
      ),
    );
  }

  private after(a: Attempt, ms: number, fn: () => void): ReturnType<typeof setTimeout> {
    const timer = setTimeout(() => {
      a.timers.delete(timer);
      fn();
    }, ms);
    a.timers.add(timer);
    return timer;
  }

  private activity(): void {
    const a = this.attempt;
    if (!a) return;
    a.spoke = true;
    a.guard?.activity();
  }

  private applyMic(): void {
    const a = this.attempt;
    const off = this.snapshot.muted || this.snapshot.status === 'paused';
    this.audio.setMuted(off);
    if (a?.joined && a.call && !a.ending) this.trySync(() => a.call?.setLocalAudio(!off));
  }

  private sendMute(): void {
    const a = this.attempt;
    if (!a?.sessionId || a.ending) return;
    this.backend
      .mute(
        { sessionId: a.sessionId, muted: this.snapshot.muted, at: this.muteAt || Date.now() },
        a.abort.signal,
      )
      .catch((e: unknown) => {
        const error = this.toVoiceError(e);
        if (error.code !== 'aborted') this.report(error, false);
      });
  }

  private transcript(input: TranscriptInput): void {
    const prev = this.transcriptState;
    const next = reduceTranscript(prev, input, { maxEntries: this.options.maxTranscriptEntries });
    if (next === prev) return;
    this.transcriptState = next;
    this.set({ transcript: next.entries });
    const before = new Set(prev.entries);
    for (const entry of next.entries)
      if (!before.has(entry)) this.emitter.emit('voice.transcript', { entry });
  }

  private effectiveLimits(server: SessionLimits, expiresAt: number): SessionLimits {
    const client = this.options.limits ?? {};
    const untilExpiry = Math.max(0, expiresAt - Date.now());
    return {
      hardMs: Math.min(
        server.hardMs,
        client.hardMs ?? Number.POSITIVE_INFINITY,
        this.config.maxDuration * 1000,
        untilExpiry,
      ),
      idleMs: Math.min(server.idleMs, client.idleMs ?? Number.POSITIVE_INFINITY),
      warnMs: client.warnMs ?? server.warnMs,
    };
  }

  private connectTimeoutError(a: Attempt): VoiceError {
    const message = `Not ready within ${this.t.connectMs} ms`;
    if (!a.sessionId)
      return new BackendError('backend-unreachable', {
        message: `${message}: the backend did not answer.`,
      });
    if (!a.joined)
      return new ConnectionError('room-join', { message: `${message}: could not join the room.` });
    return new BotError('bot-timeout', {
      message: `${message}: the assistant never became ready.`,
    });
  }

  private toVoiceError(error: unknown): VoiceError {
    return isVoiceError(error) ? error : new ConnectionError('room-join', { cause: error });
  }

  private report(error: VoiceError, fatal: boolean): void {
    if (!fatal && !this.snapshot.flags.isError) this.set({ error });
    this.emitter.emit('voice.error', { error });
  }

  private trySync(fn: () => unknown): void {
    try {
      fn();
    } catch (error) {
      this.report(
        new VoiceError('invalid-state', {
          message: 'A call operation failed.',
          cause: error,
          fatal: false,
        }),
        false,
      );
    }
  }

  private mark(m: TimelineMark): void {
    this.set({ timeline: markTimeline(this.snapshot.timeline, m, Date.now()) });
  }

  private move(event: SessionEvent, patch: Partial<VoiceSnapshot> = {}): boolean {
    const previous = this.snapshot.status;
    const status = transition(previous, event);
    if (status === null) return false;
    this.set({ ...patch, status });
    if (status !== previous) this.emitter.emit('voice.status', { status, previous });
    return true;
  }

  private set(patch: Partial<VoiceSnapshot>): void {
    const next = patchSnapshot(this.snapshot, patch);
    if (next === this.snapshot) return;
    this.snapshot = next;
    for (const listener of [...this.listeners]) listener();
  }
}

/** Creates a {@link VoiceSession}. Nothing happens (no mic, no request) until `start()`. */
export function createVoiceSession(options: VoiceSessionOptions): VoiceSession {
  return new VoiceSession(options);
}
