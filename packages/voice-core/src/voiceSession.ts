import { type AudioManager, createAudioManager, type LevelChannel } from './audio/audioManager';
import { PlaybackError, VoiceError } from './errors';
import type { BackendClient } from './runtime/backend/backendClient';
import type { CallFactory, VoiceCall } from './runtime/dailyCall';
import type { RequestOptions } from './runtime/rtvi/clientRequests';
import type { SessionRun } from './runtime/sessionRun';
import { preloadDaily, preloadSessionRuntime, type SessionRuntime } from './runtimeLoader';
import { DEFAULT_TIMEOUTS, type SessionTimeouts, type VoiceSessionOptions } from './sessionOptions';
import type { EndReason } from './store/endReason';
import { countTimeline, EMPTY_TIMELINE, markTimeline } from './store/sessionTimeline';
import { SnapshotStore } from './store/snapshotStore';
import { FRESH_SESSION, isMicOff, type Playback, type VoiceSnapshot } from './store/voiceSnapshot';
import { type ToolHandler, type ToolOptions, ToolRegistry } from './tools/toolRegistry';
import { AppCallbacks } from './util/appCallbacks';
import { TypedEmitter } from './util/typedEmitter';
import { DEFAULT_VOICE_CONFIG, type VoiceConfig } from './voiceConfig';
import type { VoiceEventMap, VoiceEventType } from './voiceEvents';

export type { SessionTimeouts, VoiceSessionOptions } from './sessionOptions';

/**
 * The engine of one user's voice session: the single source of truth for the page.
 * Framework-agnostic; React binds to `subscribe`/`getSnapshot` and `levels`. Every command is
 * safe to call in any status: what the state machine doesn't allow does nothing, and failures
 * become `status: 'unavailable'` with a typed `error`, never an exception.
 *
 * @example
 * const session = createVoiceSession({ backend: { baseUrl: '/api/voice' } });
 * session.subscribe(() => render(session.getSnapshot()));
 * button.onclick = () => session.toggle();
 */
export class VoiceSession {
  /** Smoothed audio levels and voice states, on their own subscription (10–60 Hz). */
  readonly levels: LevelChannel;
  readonly #options: VoiceSessionOptions;
  readonly #store: SnapshotStore;
  readonly #emitter: TypedEmitter<VoiceEventMap>;
  readonly #config: VoiceConfig;
  readonly #timeouts: SessionTimeouts;
  readonly #audio: AudioManager;
  readonly #tools: ToolRegistry;
  /** Created with the runtime, on the first start. */
  #backend: BackendClient | null = null;
  #runtime: SessionRuntime | null = null;
  #run: SessionRun | null = null;
  #starting: Promise<void> | null = null;
  /** When the current mute state was chosen, so the backend can drop a stale update. */
  #muteAt = 0;
  /** A stop asked for while the runtime was still loading. */
  #stopWhileLoading: EndReason | null = null;
  #destroyed = false;
  /** Where the app's throwing handlers and subscribers are reported. */
  readonly #callbacks = new AppCallbacks();

  constructor(options: VoiceSessionOptions) {
    this.#options = options;
    this.#emitter = new TypedEmitter((cause, type, handler) =>
      this.#callbacks.threw(cause, `a "${String(type)}" handler`, handler),
    );
    this.#callbacks.reportTo(this.#emitter);
    this.#store = new SnapshotStore((status, previous) =>
      this.#emitter.emit('voice.status', { status, previous }),
    );
    this.#config = { ...DEFAULT_VOICE_CONFIG, ...options.config };
    this.#timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.#audio = createAudioManager(options.audio);
    this.levels = {
      subscribe: (listener) =>
        this.#audio.subscribe(this.#callbacks.isolate(listener, 'a level subscriber')),
      getSnapshot: this.#audio.getSnapshot,
    };
    this.#tools = new ToolRegistry(this.#timeouts.toolMs);
  }

  /**
   * Subscribe to snapshot changes (for `useSyncExternalStore`). A listener that throws is
   * reported as `voice.error` to the event handlers and changes nothing else.
   */
  readonly subscribe = (listener: () => void): (() => void) =>
    this.#store.subscribe(this.#callbacks.isolate(listener, 'a snapshot subscriber'));
  /** The current immutable snapshot. */
  readonly getSnapshot = (): VoiceSnapshot => this.#store.get();

  /**
   * Subscribe to one event type; returns the unsubscribe function. A handler that throws
   * changes nothing the session does: its exception goes, once, to the other `voice.error`
   * handlers as a non-fatal `invalid-state` — never back to the handler that threw.
   */
  on<T extends VoiceEventType>(type: T, handler: VoiceEventMap[T]): () => void {
    return this.#emitter.on(type, handler);
  }

  /** The live Daily call object (for `<DailyProvider callObject>`), or null. */
  getCall(): VoiceCall | null {
    return this.#run?.call ?? null;
  }

  /**
   * Registers a handler for the bot's LLM function `name`; returns the unregister function.
   * It runs for calls the bot reports with that name and their arguments (the bot's
   * `function_call_report_level` must be FULL for `name`); other calls are the bot's to answer.
   */
  registerTool(name: string, handler: ToolHandler, options?: ToolOptions): () => void {
    return this.#tools.register(name, handler, options);
  }

  /** Starts a session. Concurrent calls share one start; resolves when active or failed, never rejects. */
  start(): Promise<void> {
    if (this.#destroyed) {
      this.#report(
        new VoiceError('invalid-state', {
          message: 'This voice session was destroyed.',
          fatal: false,
        }),
      );
      return Promise.resolve();
    }
    if (this.#starting) return this.#starting;
    if (!this.#store.get().flags.canStart) return Promise.resolve();
    // `connecting` at once, even while the runtime chunk is still downloading.
    this.#store.move('start', {
      ...FRESH_SESSION,
      timeline: markTimeline(EMPTY_TIMELINE, 'requestedAt', Date.now()),
    });
    this.#stopWhileLoading = null;
    this.#starting = this.#connect().finally(() => {
      this.#starting = null;
    });
    return this.#starting;
  }

  async #connect(): Promise<void> {
    let runtime: SessionRuntime;
    try {
      runtime = this.#runtime ?? (await preloadSessionRuntime());
    } catch (error) {
      this.#failBeforeRun(error as VoiceError);
      return;
    }
    this.#runtime = runtime;
    const { backend } = this.#options;
    this.#backend ??=
      'startSession' in backend
        ? runtime.guardedBackend(backend)
        : runtime.createBackendClient(backend);
    const run: SessionRun = new runtime.SessionRun({
      store: this.#store,
      emitter: this.#emitter,
      backend: this.#backend,
      createCall: this.#options.callFactory ?? createDailyCall,
      options: this.#options,
      config: this.#config,
      timeouts: this.#timeouts,
      audio: this.#audio,
      tools: this.#tools,
      muteStamp: () => this.#muteAt,
      report: (error) => this.#report(error),
      released: () => {
        if (this.#run === run) this.#run = null;
      },
    });
    this.#run = run;
    const connected = run.connect();
    if (this.#stopWhileLoading) void run.finish(this.#stopWhileLoading);
    return connected;
  }

  /** The runtime could not load: there is no call and no backend session to end. */
  #failBeforeRun(error: VoiceError): void {
    const stopped = this.#stopWhileLoading;
    if (stopped) {
      this.#store.move('end');
      this.#store.move('ended', { endReason: stopped });
    } else {
      this.#store.move('fail', { error, endReason: 'error' });
      this.#emitter.emit('voice.error', { error });
    }
    const { endReason, timeline } = this.#store.get();
    this.#emitter.emit('voice.session.end', {
      reason: endReason ?? 'error',
      error: stopped ? null : error,
      timeline,
    });
  }

  /**
   * Start intent (a hover or focus on the start control): fetches the session runtime and
   * daily-js ahead of `start()` so the click doesn't wait for downloads. daily-js is skipped
   * when a `callFactory` is injected.
   */
  preload(): void {
    void preloadSessionRuntime().then(
      (runtime) => {
        this.#runtime ??= runtime;
      },
      () => {},
    );
    if (!this.#options.callFactory) void preloadDaily().catch(() => {});
  }

  /** Ends the session through the one end path. Resolves when everything is released. */
  stop(reason: EndReason = 'user'): Promise<void> {
    if (this.#run) return this.#run.finish(reason);
    if (this.#starting) {
      // Still loading the runtime: the run ends as soon as it exists.
      this.#stopWhileLoading ??= reason;
      return this.#starting.then(() => this.#run?.finish(reason));
    }
    return Promise.resolve();
  }

  /**
   * Starts when it can, stops an active or paused session, and does nothing while connecting
   * or disconnecting — so a double click never starts two sessions nor cancels the one it
   * just started. Use `stop()` to cancel a connecting session on purpose.
   */
  toggle(): Promise<void> {
    const { flags } = this.#store.get();
    if (flags.canStart) return this.start();
    if (flags.isActive || flags.isPaused) return this.stop();
    return this.#starting ?? Promise.resolve();
  }

  /** Gives the mic to a DailyCall: mutes it and keeps the connection. */
  pause(): void {
    if (this.#store.move('pause')) this.#syncMic();
  }

  resume(): void {
    if (!this.#store.move('resume')) return;
    this.#syncMic();
    this.#run?.activity();
  }

  /** Mutes at once (the track is disabled), tells the backend with a timestamp, replays after bot-ready. */
  setMuted(muted: boolean): void {
    this.#muteAt = Math.max(Date.now(), this.#muteAt + 1);
    this.#store.set({ muted });
    this.#emitter.emit('voice.mute', { muted });
    this.#syncMic();
    this.#run?.sendMute();
  }

  /**
   * Reports whether the bot's audio is playing. Called by the component that renders it
   * (`BotAudio`): `blocked` when the autoplay policy refused `play()`, so the UI can ask for a
   * tap; `idle` when nothing is rendered; `failed` with the `PlaybackError` when the player
   * itself failed (reported as a non-fatal `voice.error` once; the session goes on). Ignored
   * (except `idle`) when no session is live.
   */
  reportPlayback(playback: Playback, error?: PlaybackError): void {
    const before = this.#store.get();
    if (playback !== 'idle' && !before.flags.isLive) return;
    // Each refusal counts once, for the timeline the backend is sent at the end.
    const blocked = playback === 'blocked' && before.playback !== 'blocked';
    this.#store.set({
      playback,
      ...(blocked ? { timeline: countTimeline(before.timeline, 'autoplayBlocks') } : {}),
    });
    if (playback === 'failed' && before.playback !== 'failed')
      this.#report(error ?? new PlaybackError('playback-failed', { fatal: false }));
  }

  /** Sends typed text to the bot. Returns false (and reports `invalid-state`) when not active. */
  sendText(text: string): boolean {
    const run = this.#activeRun('Text', text.trim() !== '');
    if (run instanceof VoiceError) return false;
    run.sendText(text);
    return true;
  }

  /**
   * Asks the bot's app (RTVI `client-message {t, d}`) and resolves with its `server-response`
   * data. Rejects with a `RequestError` — `request-rejected` (the bot's `error-response`),
   * `request-timeout`, `request-cancelled` (the session ended) — or `invalid-state` when not active.
   * @example const menu = await session.request('get-menu', { lang: 'fr' }, { timeoutMs: 5000 });
   */
  request(t: string, d?: unknown, options?: RequestOptions): Promise<unknown> {
    const run = this.#activeRun('A request');
    return run instanceof VoiceError ? Promise.reject(run) : run.request(t, d, options);
  }

  /** Sends `client-message {t, d}` to the bot's app, expecting no answer. False when not active. */
  sendClientMessage(t: string, d?: unknown): boolean {
    const run = this.#activeRun('A client message');
    return !(run instanceof VoiceError) && run.sendClientMessage(t, d);
  }

  /** The live run while active (and `ok`); otherwise reports and returns `invalid-state`. */
  #activeRun(what: string, ok = true): SessionRun | VoiceError {
    const run = this.#run;
    if (ok && this.#store.get().flags.isActive && run?.call) return run;
    const error = new VoiceError('invalid-state', {
      message: `${what} can only be sent during an active session.`,
      fatal: false,
    });
    this.#report(error);
    return error;
  }

  /** Ends any session, drops every listener and refuses further starts. */
  async destroy(): Promise<void> {
    this.#destroyed = true;
    await this.stop('destroyed');
    this.#tools.abortAll();
    this.#emitter.clear();
    this.#store.clear();
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
      listeners: this.#store.listenerCount,
      eventHandlers: this.#emitter.listenerCount(),
      levelListeners: this.#audio.listenerCount(),
      pendingTools: this.#tools.pending,
      live: this.#run !== null,
    };
  }

  /** A non-fatal failure: kept in the snapshot (unless one already ended the session) and emitted. */
  #report(error: VoiceError): void {
    // `peek`, not `get`: a report inside a message burst must not build a snapshot mid-burst.
    if (!this.#store.peek().flags.isError) this.#store.set({ error });
    this.#emitter.emit('voice.error', { error });
  }

  /** The mic is off while muted or paused: the level meter at once, the track once joined. */
  #syncMic(): void {
    if (this.#run) this.#run.syncMic();
    else this.#audio.setMuted(isMicOff(this.#store.get()));
  }
}

/** daily-js's call object, loaded on the first start unless a `callFactory` is injected. */
const createDailyCall: CallFactory = (options) =>
  preloadDaily().then((factory) => factory(options));

/** Creates a {@link VoiceSession}. Nothing happens (no mic, no request) until `start()`. */
export function createVoiceSession(options: VoiceSessionOptions): VoiceSession {
  return new VoiceSession(options);
}
