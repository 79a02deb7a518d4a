import { type AudioManager, createAudioManager, type LevelChannel } from './audio/audioManager';
import type { BackendClient } from './runtime/backend/backendClient';
import { BoundedIdSet } from './util/boundedIdSet';
import { preloadDaily } from './runtime/callLifecycle';
import type { VoiceCall } from './runtime/dailyCall';
import { VoiceError } from './errors';
import { createParticipantManager, type ParticipantManager } from './runtime/participantManager';
import { loadSessionRuntime, type SessionRuntime } from './runtimeLoader';
import { DEFAULT_TIMEOUTS, type SessionTimeouts, type VoiceSessionOptions } from './sessionOptions';
import type { RunHost, SessionRun } from './runtime/sessionRun';
import { EMPTY_TIMELINE, markTimeline } from './store/sessionTimeline';
import { SnapshotStore } from './store/snapshotStore';
import { type ToolHandler, ToolRegistry } from './tools/toolRegistry';
import type { TranscriptInput, TranscriptState } from './runtime/transcript';
import { TypedEmitter } from './util/typedEmitter';
import { DEFAULT_VOICE_CONFIG, type VoiceConfig } from './voiceConfig';
import type { EndReason, VoiceEventMap, VoiceEventType } from './voiceEvents';
import { FRESH_SESSION, type Playback, type VoiceSnapshot } from './store/voiceSnapshot';

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
export class VoiceSession implements RunHost {
  /** Smoothed audio levels and voice states, on their own subscription (10–60 Hz). */
  readonly levels: LevelChannel;
  /** @internal */ readonly store: SnapshotStore;
  /** @internal */ readonly emitter: TypedEmitter<VoiceEventMap>;
  /** @internal Created with the runtime, on the first start. */ backend!: BackendClient;
  /** @internal */ readonly config: VoiceConfig;
  /** @internal */ readonly timeouts: SessionTimeouts;
  /** @internal */ readonly audio: AudioManager;
  /** @internal */ readonly participants: ParticipantManager;
  /** @internal */ readonly tools: ToolRegistry;
  /** @internal */ readonly seen = new BoundedIdSet(2000);
  /** @internal */ muteAt = 0;
  private transcriptState: TranscriptState | null = null;
  private runtime: SessionRuntime | null = null;
  private run: SessionRun | null = null;
  private starting: Promise<void> | null = null;
  /** A stop asked for while the runtime was still loading. */
  private stopWhileLoading: EndReason | null = null;
  private destroyed = false;

  constructor(/** @internal */ readonly options: VoiceSessionOptions) {
    this.emitter = new TypedEmitter((cause) =>
      this.report(
        new VoiceError('invalid-state', {
          message: 'A voice event handler threw.',
          cause,
          fatal: false,
        }),
      ),
    );
    this.store = new SnapshotStore((status, previous) =>
      this.emitter.emit('voice.status', { status, previous }),
    );
    this.config = { ...DEFAULT_VOICE_CONFIG, ...options.config };
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.audio = createAudioManager(options.audio);
    this.levels = { subscribe: this.audio.subscribe, getSnapshot: this.audio.getSnapshot };
    this.participants = createParticipantManager({ name: options.botName });
    this.tools = new ToolRegistry(this.timeouts.toolMs);
  }

  /** Subscribe to snapshot changes (for `useSyncExternalStore`). */
  subscribe = (listener: () => void): (() => void) => this.store.subscribe(listener);
  /** The current immutable snapshot. */
  getSnapshot = (): VoiceSnapshot => this.store.get();

  /** Subscribe to one event type; returns the unsubscribe function. */
  on<T extends VoiceEventType>(type: T, handler: VoiceEventMap[T]): () => void {
    return this.emitter.on(type, handler);
  }

  /** The live Daily call object (for `<DailyProvider callObject>`), or null. */
  getCall(): VoiceCall | null {
    return this.run?.call ?? null;
  }

  /** Registers a handler for the bot's LLM tool `name`; returns the unregister function. */
  registerTool(name: string, handler: ToolHandler): () => void {
    return this.tools.register(name, handler);
  }

  /** Starts a session. Concurrent calls share one start; resolves when active or failed, never rejects. */
  start(): Promise<void> {
    if (this.destroyed) {
      this.report(
        new VoiceError('invalid-state', {
          message: 'This voice session was destroyed.',
          fatal: false,
        }),
      );
      return Promise.resolve();
    }
    if (this.starting) return this.starting;
    if (!this.store.get().flags.canStart) return Promise.resolve();
    // `connecting` at once, even while the runtime chunk is still downloading.
    this.store.move('start', {
      ...FRESH_SESSION,
      timeline: markTimeline(EMPTY_TIMELINE, 'requestedAt', Date.now()),
    });
    this.seen.clear();
    this.stopWhileLoading = null;
    this.starting = this.connect().finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  private async connect(): Promise<void> {
    let runtime: SessionRuntime;
    try {
      runtime = this.runtime ?? (await loadSessionRuntime());
    } catch (error) {
      this.failBeforeRun(error as VoiceError);
      return;
    }
    this.runtime = runtime;
    const { backend } = this.options;
    this.backend ??= 'startSession' in backend ? backend : runtime.createBackendClient(backend);
    this.transcriptState = runtime.createTranscriptState();
    const run = new runtime.SessionRun(this);
    this.run = run;
    const connected = run.connect();
    if (this.stopWhileLoading) void run.finish(this.stopWhileLoading, null);
    return connected;
  }

  /** The runtime could not load: there is no call and no backend session to end. */
  private failBeforeRun(error: VoiceError): void {
    if (this.stopWhileLoading) {
      this.store.move('end');
      this.store.move('ended', { endReason: this.stopWhileLoading });
    } else {
      this.store.move('fail', { error, endReason: 'error' });
      this.emitter.emit('voice.error', { error });
    }
    const { endReason, timeline } = this.store.get();
    this.emitter.emit('voice.session.end', {
      reason: endReason ?? 'error',
      error: this.stopWhileLoading ? null : error,
      timeline,
    });
  }

  /**
   * Start intent (a hover or focus on the start control): fetches the session runtime and
   * daily-js ahead of `start()` so the click doesn't wait for downloads. daily-js is skipped
   * when a `callFactory` is injected.
   */
  preload(): void {
    void loadSessionRuntime().then(
      (runtime) => {
        this.runtime ??= runtime;
      },
      () => {},
    );
    if (!this.options.callFactory) void preloadDaily().catch(() => {});
  }

  /** Ends the session through the one end path. Resolves when everything is released. */
  stop(reason: EndReason = 'user'): Promise<void> {
    if (this.run) return this.run.finish(reason, null);
    if (this.starting) {
      // Still loading the runtime: the run ends as soon as it exists.
      this.stopWhileLoading ??= reason;
      return this.starting.then(() => this.run?.finish(reason, null));
    }
    return Promise.resolve();
  }

  /**
   * Starts when it can, stops an active or paused session, and does nothing while connecting
   * or disconnecting — so a double click never starts two sessions nor cancels the one it
   * just started. Use `stop()` to cancel a connecting session on purpose.
   */
  toggle(): Promise<void> {
    const { flags } = this.store.get();
    if (flags.canStart) return this.start();
    if (flags.isActive || flags.isPaused) return this.stop();
    return this.starting ?? Promise.resolve();
  }

  /** Gives the mic to a DailyCall: mutes it and keeps the connection. */
  pause(): void {
    if (this.store.move('pause')) this.applyMic();
  }

  resume(): void {
    if (!this.store.move('resume')) return;
    this.applyMic();
    this.run?.activity();
  }

  /** Mutes at once (the track is disabled), tells the backend with a timestamp, replays after bot-ready. */
  setMuted(muted: boolean): void {
    this.muteAt = Math.max(Date.now(), this.muteAt + 1);
    this.store.set({ muted });
    this.emitter.emit('voice.mute', { muted });
    this.applyMic();
    this.run?.sendMute();
  }

  /**
   * Reports whether the bot's audio is playing. Called by the component that renders it
   * (`BotAudio`): `blocked` when the autoplay policy refused `play()`, so the UI can ask for a
   * tap; `idle` when nothing is rendered. Ignored (except `idle`) when no session is live.
   */
  reportPlayback(playback: Playback): void {
    if (playback !== 'idle' && !this.store.get().flags.isLive) return;
    this.store.set({ playback });
  }

  /** Sends typed text to the bot. Returns false (and reports `invalid-state`) when not active. */
  sendText(text: string): boolean {
    if (!this.store.get().flags.isActive || !this.run?.call || text.trim() === '') {
      this.report(
        new VoiceError('invalid-state', {
          message: 'Text can only be sent during an active session.',
          fatal: false,
        }),
      );
      return false;
    }
    this.run.send('send-text', {
      content: text,
      options: { run_immediately: true, audio_response: true },
    });
    this.transcript({ kind: 'user-text', at: Date.now(), text });
    this.run.activity();
    return true;
  }

  /** Ends any session, drops every listener and refuses further starts. */
  async destroy(): Promise<void> {
    this.destroyed = true;
    await this.stop('destroyed');
    this.tools.abortAll();
    this.emitter.clear();
    this.store.clear();
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
      listeners: this.store.listenerCount,
      eventHandlers: this.emitter.listenerCount(),
      levelListeners: this.audio.listenerCount(),
      pendingTools: this.tools.pending,
      live: this.run !== null,
    };
  }

  /** @internal */
  transcript(input: TranscriptInput): void {
    const prev = this.transcriptState;
    if (!prev || !this.runtime) return;
    const next = this.runtime.reduceTranscript(prev, input, {
      maxEntries: this.options.maxTranscriptEntries,
    });
    if (next === prev) return;
    this.transcriptState = next;
    this.store.set({ transcript: next.entries });
    const before = new Set(prev.entries);
    for (const entry of next.entries) {
      if (!before.has(entry)) this.emitter.emit('voice.transcript', { entry });
    }
  }

  /** @internal A non-fatal failure: kept in the snapshot (unless one already ended the session) and emitted. */
  report(error: VoiceError): void {
    if (!this.store.get().flags.isError) this.store.set({ error });
    this.emitter.emit('voice.error', { error });
  }

  /** @internal The mic is off while muted or paused. */
  applyMic(): void {
    const { muted, status } = this.store.get();
    const off = muted || status === 'paused';
    this.audio.setMuted(off);
    this.run?.setMic(!off);
  }

  /** @internal */
  isCurrent(run: SessionRun): boolean {
    return this.run === run;
  }

  /** @internal */
  released(run: SessionRun): void {
    if (this.run === run) this.run = null;
  }
}

/** Creates a {@link VoiceSession}. Nothing happens (no mic, no request) until `start()`. */
export function createVoiceSession(options: VoiceSessionOptions): VoiceSession {
  return new VoiceSession(options);
}
