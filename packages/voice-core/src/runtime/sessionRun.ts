import type { AudioManager } from '../audio/audioManager';
import type { BackendClient } from './backend/backendClient';
import type { BoundedIdSet } from '../util/boundedIdSet';
import { acquireCall } from './callLifecycle';
import { type CostGuard, startCostGuard } from './costGuard';
import type { VoiceCall } from './dailyCall';
import { BackendError, BotError, ConnectionError, isVoiceError, VoiceError } from '../errors';
import { attachEventBridge } from './rtvi/eventBridge';
import { endRun } from './endRun';
import { type EventStream, openEventStream } from './backend/eventStream';
import { sendBeacon, watchPage } from './pageLifecycle';
import type { ParticipantManager } from './participantManager';
import { RTVI_PROTOCOL_VERSION, rtviMessage, type RtviOutboundType } from './rtvi/rtviMessages';
import {
  createBridgeHandlers,
  handleBackendEvent,
  handleRtvi,
  type SessionInternals,
} from './sessionHandlers';
import {
  DEFAULT_CLIENT_LIMITS,
  effectiveLimits,
  type SessionTimeouts,
  type VoiceSessionOptions,
} from '../sessionOptions';
import type { SnapshotStore } from '../store/snapshotStore';
import { runToolCall } from './rtvi/toolCalls';
import type { ToolRegistry } from '../tools/toolRegistry';
import type { TranscriptInput } from './transcript';
import type { TypedEmitter } from '../util/typedEmitter';
import { dailyOptionsFor, type VoiceConfig } from '../voiceConfig';
import type { EndReason, VoiceEventMap } from '../voiceEvents';

/** What a run needs from the session that owns it. */
export interface RunHost {
  readonly store: SnapshotStore;
  readonly emitter: TypedEmitter<VoiceEventMap>;
  readonly backend: BackendClient;
  readonly options: VoiceSessionOptions;
  readonly config: VoiceConfig;
  readonly timeouts: SessionTimeouts;
  readonly audio: AudioManager;
  readonly participants: ParticipantManager;
  readonly tools: ToolRegistry;
  readonly seen: BoundedIdSet;
  readonly muteAt: number;
  transcript(input: TranscriptInput): void;
  /** Reports a non-fatal error (snapshot + `voice.error`). */
  report(error: VoiceError): void;
  applyMic(): void;
  isCurrent(run: SessionRun): boolean;
  released(run: SessionRun): void;
}

export function toVoiceError(error: unknown): VoiceError {
  return isVoiceError(error) ? error : new ConnectionError('room-join', { cause: error });
}

const FAIL_REASONS: Partial<Record<VoiceError['code'], EndReason>> = {
  'bot-left': 'bot-left',
  'network-lost': 'network-lost',
  'session-ended': 'server-ended',
};

/**
 * One start → end run of a session. It owns everything the run starts (call object, bridge,
 * timers, guard, event stream, page hooks), so a stale run can never touch the next one and
 * the end flow can release all of it in one place.
 */
export class SessionRun {
  readonly abort = new AbortController();
  /** @internal */ readonly timers = new Set<ReturnType<typeof setTimeout>>();
  /** @internal */ callPromise: Promise<VoiceCall | null> = Promise.resolve(null);
  call: VoiceCall | null = null;
  /** @internal */ detach: (() => void) | null = null;
  /** @internal */ stream: EventStream | null = null;
  /** @internal */ guard: CostGuard | null = null;
  /** @internal */ unwatchPage: (() => void) | null = null;
  /** @internal */ sessionId: string | null = null;
  joined = false;
  private botReady = false;
  private clientReadySent = false;
  private spoke = false;
  ending: Promise<void> | null = null;
  /** Resolves when the run is active or has begun to end: what `start()` waits for. */
  private settle: () => void = () => {};
  private readonly settled = new Promise<void>((resolve) => {
    this.settle = resolve;
  });
  botStopped: (() => void) | null = null;
  private connectTimer?: ReturnType<typeof setTimeout>;
  private reconnect?: ReturnType<typeof setTimeout>;
  private readonly internals: SessionInternals;

  constructor(/** @internal */ readonly host: RunHost) {
    this.internals = {
      attempt: this,
      snapshot: host.store.get,
      set: (patch) => host.store.set(patch),
      emit: (type, payload) => host.emitter.emit(type, payload as never),
      transcript: (input) => host.transcript(input),
      mark: (m) => host.store.mark(m),
      activity: () => this.activity(),
      report: (error, fatal) => (fatal ? this.fail(error) : host.report(error)),
      finish: (reason) => void this.finish(reason, null),
      botReady: () => {
        this.botReady = true;
        this.maybeActive();
      },
      runTool: (id, name, args) =>
        runToolCall(
          {
            tools: host.tools,
            emitter: host.emitter,
            report: (e) => host.report(e),
            sendResult: (data) => this.send('llm-function-call-result', data),
          },
          id,
          name,
          args,
        ),
      seen: host.seen,
      participants: host.participants,
      audio: host.audio,
      sendClientReady: () => this.sendClientReady(),
      onJoined: () => this.onJoined(),
      reconnectTimer: (on) => this.reconnectTimer(on),
    };
  }

  /** Turns the mic track on or off, when there is a joined call to do it on. */
  setMic(on: boolean): void {
    if (this.joined && !this.ending) this.tryCall(() => this.call?.setLocalAudio(on));
  }

  /** Someone spoke or typed: feeds the heartbeat and pushes the idle deadline. */
  activity(): void {
    this.spoke = true;
    this.guard?.activity();
  }

  /** Tells the backend the current mute state, stamped so a stale update loses. */
  sendMute(): void {
    if (!this.sessionId || this.ending) return;
    const { muted } = this.host.store.get();
    this.host.backend
      .mute(
        { sessionId: this.sessionId, muted, at: this.host.muteAt || Date.now() },
        this.abort.signal,
      )
      .catch((e: unknown) => this.reportUnlessAborted(e));
  }

  send<T extends RtviOutboundType>(type: T, data: Parameters<typeof rtviMessage<T>>[1]): void {
    if (this.ending || !this.call) return;
    this.tryCall(() => this.call?.sendAppMessage(rtviMessage(type, data), '*'));
  }

  // ── connect ──────────────────────────────────────────────────────────────────────────
  async connect(): Promise<void> {
    const { host } = this;
    host.participants.reset();
    host.participants.setBotIdentity({ name: host.options.botName });
    // The session moved to `connecting` (with a fresh snapshot) in `VoiceSession.start()`.
    this.connectTimer = this.after(host.timeouts.connectMs, () =>
      this.fail(this.connectTimeoutError()),
    );
    // The call object (and daily-js's download) is prepared while the backend answers.
    this.callPromise = acquireCall(dailyOptionsFor(host.config), host.options.callFactory).then(
      (call) => {
        this.call = call;
        const handlers = createBridgeHandlers(this.internals, (message, fromId) =>
          handleRtvi(this.internals, message, fromId),
        );
        this.detach = attachEventBridge(call, handlers, host.seen);
        return call;
      },
      (error: unknown) => {
        // No call object, no session: fail now rather than after the backend answers.
        this.fail(toVoiceError(error));
        return null;
      },
    );
    try {
      const { options, config } = host;
      const answer = await host.backend.startSession(
        {
          userId: options.userId,
          assistant: options.assistant,
          persistence: options.persistence ?? config.defaultPersistence,
        },
        this.abort.signal,
      );
      if (this.ending) return;
      this.sessionId = answer.sessionId;
      if (answer.botName) host.participants.setBotIdentity({ name: answer.botName });
      host.store.mark('backendAnsweredAt');
      host.store.set({
        sessionId: answer.sessionId,
        roomUrl: answer.roomUrl,
        limits: effectiveLimits(answer.limits, answer.expiresAt, options.limits ?? {}, config),
      });
      if (answer.eventsUrl && options.dataChannel !== false) this.openStream(answer.eventsUrl);
      const call = await this.callPromise;
      if (this.ending || !call) return;
      const startAudioOff = host.store.get().muted;
      await call.join({ url: answer.roomUrl, token: answer.token, startAudioOff });
      if (this.ending) return;
      this.onJoined();
    } catch (error) {
      if (!this.ending) this.fail(toVoiceError(error));
    }
    return this.settled;
  }

  private onJoined(): void {
    if (this.joined || !this.call) return;
    this.joined = true;
    this.host.store.mark('joinedAt');
    this.host.store.set({ joined: true });
    const interval = this.host.options.audio?.levelIntervalMs ?? 50;
    void this.call.startLocalAudioLevelObserver(interval).catch(() => {});
    void this.call.startRemoteParticipantsAudioLevelObserver(interval).catch(() => {});
    this.host.applyMic();
    this.maybeActive();
  }

  /** `active` means joined AND bot ready. */
  private maybeActive(): void {
    const { store, emitter } = this.host;
    if (!this.joined || !this.botReady || this.ending || store.get().status !== 'connecting')
      return;
    this.clear(this.connectTimer);
    store.mark('activeAt');
    store.move('ready');
    this.settle();
    this.host.applyMic();
    this.sendMute(); // a mute chosen while connecting reaches the backend now
    this.guard = startCostGuard(store.get().limits ?? DEFAULT_CLIENT_LIMITS, {
      onChange: (guard) => store.set({ guard }),
      onWarning: (kind, deadline) => {
        const remainingMs = Math.max(0, deadline - Date.now());
        emitter.emit('voice.session.warning', { kind, deadline, remainingMs });
      },
      onExpire: (kind) => void this.finish(kind === 'hard' ? 'max-duration' : 'idle-timeout', null),
    });
    this.heartbeat();
    if (this.host.options.pageLifecycle !== false) {
      this.unwatchPage = watchPage({
        onHide: () => this.onPageHide(),
        onVisible: () => this.guard?.check(),
      });
    }
    const { sessionId, roomUrl, timeline } = store.get();
    emitter.emit('voice.session.start', {
      sessionId: sessionId ?? '',
      roomUrl: roomUrl ?? '',
      reused: false,
      connectMs: timeline.connectMs ?? 0,
    });
  }

  private sendClientReady(): void {
    if (this.clientReadySent || !this.joined) return;
    this.clientReadySent = true;
    this.send('client-ready', {
      version: RTVI_PROTOCOL_VERSION,
      about: { library: '@parley/voice-core' },
    });
  }

  // ── end ──────────────────────────────────────────────────────────────────────────────
  fail(error: VoiceError): void {
    if (!this.host.isCurrent(this) || this.ending) return;
    this.host.emitter.emit('voice.error', { error });
    void this.finish(FAIL_REASONS[error.code] ?? 'error', error);
  }

  /**
   * The one end path, in the guide's order (see `endFlow.ts`). Every end — user stop, goodbye,
   * guard, failure, destroy, page hide — goes through here, once.
   */
  finish(reason: EndReason, error: VoiceError | null): Promise<void> {
    this.ending ??= endRun(this, reason, error);
    this.settle();
    return this.ending;
  }

  private onPageHide(): void {
    if (this.sessionId) {
      const beacon = this.host.backend.beacon({ sessionId: this.sessionId, reason: 'page-hidden' });
      // The beacon reaches the backend even if the page dies before a fetch could.
      if (sendBeacon(beacon.url, beacon.data)) this.sessionId = null;
    }
    void this.finish('page-hidden', null);
  }

  // ── background work of a live run ─────────────────────────────────────────────────────
  private openStream(eventsUrl: string): void {
    const backend = this.host.options.backend;
    const own = 'startSession' in backend ? undefined : backend;
    this.stream = openEventStream({
      url: this.host.backend.resolveUrl(eventsUrl),
      fetch: own?.fetch,
      headers: own?.headers,
      onEvent: (event) => handleBackendEvent(this.internals, event),
      onError: (error) => this.host.report(error),
    });
  }

  private heartbeat(): void {
    this.after(this.host.timeouts.heartbeatMs, () => {
      if (!this.sessionId) return;
      const active = this.spoke;
      this.spoke = false;
      this.host.backend
        .heartbeat({ sessionId: this.sessionId, active, at: Date.now() }, this.abort.signal)
        .catch((e: unknown) => {
          // The backend no longer knows the session: it ended there (server-side limit).
          if (toVoiceError(e).status === 404) void this.finish('server-ended', null);
          else this.reportUnlessAborted(e);
        });
      this.heartbeat();
    });
  }

  private reconnectTimer(on: boolean): void {
    this.clear(this.reconnect);
    this.reconnect = undefined;
    if (!on || this.ending) return;
    const ms = this.host.timeouts.reconnectMs;
    this.reconnect = this.after(ms, () =>
      this.fail(
        new ConnectionError('network-lost', {
          message: `The connection did not come back within ${ms} ms.`,
        }),
      ),
    );
  }

  private connectTimeoutError(): VoiceError {
    const message = `Not ready within ${this.host.timeouts.connectMs} ms`;
    if (!this.sessionId) {
      return new BackendError('backend-unreachable', {
        message: `${message}: the backend did not answer.`,
      });
    }
    if (!this.joined) {
      return new ConnectionError('room-join', { message: `${message}: could not join the room.` });
    }
    return new BotError('bot-timeout', {
      message: `${message}: the assistant never became ready.`,
    });
  }

  private after(ms: number, fn: () => void): ReturnType<typeof setTimeout> {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
    return timer;
  }

  private clear(timer: ReturnType<typeof setTimeout> | undefined): void {
    if (timer === undefined) return;
    clearTimeout(timer);
    this.timers.delete(timer);
  }

  private reportUnlessAborted(e: unknown): void {
    const error = toVoiceError(e);
    if (error.code !== 'aborted') this.host.report(error);
  }

  /** @internal */
  tryCall(fn: () => unknown): void {
    try {
      fn();
    } catch (cause) {
      this.host.report(
        new VoiceError('invalid-state', {
          message: 'A call operation failed.',
          cause,
          fatal: false,
        }),
      );
    }
  }
}
