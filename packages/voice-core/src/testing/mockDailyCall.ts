import type {
  DailyAccess,
  DailyCall,
  DailyCallOptions,
  DailyDeviceInfos,
  DailyFactoryOptions,
  DailyFatalErrorType,
  DailyMeetingSessionState,
  DailyMeetingSessionSummary,
  DailyMeetingState,
  DailyNetworkTopology,
  DailyParticipant,
  DailyParticipantCounts,
  DailyParticipantLeftReason,
  DailyParticipantsObject,
} from '@daily-co/daily-js';
import type { DailyJsSurface } from './dailyJsSurface.js';
import { deviceInfos, networkStats } from './mockDevices.js';
import type { VoiceCall } from '../runtime/dailyCall.js';
import { MockCallDevices } from './mockCallDevices.js';
import { trackForLeaks } from './leftovers.js';
import { localParticipant, type OpenedMic, openMic } from './localMic.js';
import { mockParticipant } from './mockParticipant.js';
import type { CallRoomLink } from './roomLinks.js';

/** daily-js's limit on one app-message, as JSON characters. */
export type { DailyJsSurface } from './dailyJsSurface.js';

export const MAX_APP_MESSAGE_SIZE = 4096;

const live = new Set<MockDailyCall>();
let createdCount = 0;

/**
 * A daily-js call object for tests and the playground, bound to a `MockRoom`. It keeps
 * daily-js's rules, because a mock that is kinder than the real thing hides the bugs users
 * hit: one live instance per page, nothing after `destroy()` (but `isDestroyed` and `off`),
 * no app-message before join. Obtain one through `room.callFactory` (what the engine injects).
 *
 * @example
 * const room = createMockRoom();
 * const call = (await room.callFactory({})) as MockDailyCall;
 * await call.join({ url: room.url, token: 't' }); // with fake timers: advance 50 ms
 * call.callNames(); // ['join']
 */
export class MockDailyCall extends MockCallDevices implements VoiceCall, DailyJsSurface {
  /** Live (not destroyed) instances right now. */
  static liveInstances(): number {
    return live.size;
  }
  /** Instances constructed since the last `reset()`. */
  static created(): number {
    return createdCount;
  }
  /** The live instance with that id, or the first live one: daily-js's `getCallInstance`. */
  static liveInstance(callClientId?: string): MockDailyCall | undefined {
    for (const call of live)
      if (callClientId === undefined || call.callClientId === callClientId) return call;
    return undefined;
  }
  /** Resets the counters (tests). Destroys nothing: live instances stay live and are leaks. */
  static reset(): void {
    createdCount = 0;
  }

  /**
   * The mic track of the current/last join; null before join, while an async mic opens, or
   * when the mic failed.
   */
  localTrack: MediaStreamTrack | null = null;

  private state: DailyMeetingState = 'new';
  private local: DailyParticipant;
  private readonly remotes = new Map<string, DailyParticipant>();
  private pendingJoin: { reject: (error: Error) => void } | undefined;
  /** The url of `join()` (or of `preAuth`/`startCamera` before it). */
  private url: string | null = null;
  private activeSpeaker: string | null = null;
  /** `startCamera()` opened the mic before the join (what daily-transport does). */
  private micOpen: Promise<void> | null = null;
  private readonly sessionSummary: DailyMeetingSessionSummary;

  constructor(
    private readonly link: CallRoomLink<MockDailyCall>,
    private readonly options: DailyFactoryOptions = {},
  ) {
    super(`mock-call-${createdCount + 1}`);
    if (live.size > 0 && options.allowMultipleCallInstances !== true) {
      throw new Error('Duplicate DailyIframe instances are not allowed');
    }
    createdCount += 1;
    live.add(this);
    this.sessionSummary = { id: `mock-meeting-session-${createdCount}` };
    this.local = mockParticipant({ sessionId: `local-${createdCount}`, userName: '', local: true });
    trackForLeaks(this);
  }

  // ── lifecycle ────────────────────────────────────────────────────────────────────────

  // biome-ignore lint/suspicious/noConfusingVoidType: daily-js's own signature, kept to implement VoiceCall
  join(properties: DailyCallOptions = {}): Promise<DailyParticipantsObject | void> {
    if (this.destroyed) return this.useAfterDestroy('join');
    this.record('join', [properties]);
    if (this.state === 'joining-meeting' || this.state === 'joined-meeting') {
      return Promise.reject(new Error('join() called while already joining or joined'));
    }
    this.state = 'joining-meeting';
    this.fire('loading', {});
    this.fire('loaded', {});
    this.fire('joining-meeting', {});
    this.url = properties.url ?? this.options.url ?? this.url;
    // The camera (here: the mic) was started before the join: daily-js keeps its tracks.
    const started = this.micOpen;
    if (started) return started.then(() => this.connect());
    const mic = this.openLocalMic(properties);
    if (mic instanceof Promise) return this.joinWhenMicOpens(mic);
    this.useMic(mic);
    return this.connect();
  }

  /**
   * Opens the mic before the join, as daily-js's `startCamera` does (daily-transport calls it
   * in `initDevices()`): the local participant gets its track and `track-started` fires.
   */
  startCamera(properties: DailyCallOptions = {}): Promise<DailyDeviceInfos> {
    if (this.destroyed) return this.useAfterDestroy('startCamera');
    this.record('startCamera', [properties]);
    this.url = properties.url ?? this.url;
    if (!this.micOpen) {
      const mic = this.openLocalMic(properties);
      const use = (opened: OpenedMic) => {
        if (this.destroyed) {
          opened.track?.stop();
          return;
        }
        this.useMic(opened);
        this.fire('started-camera', {});
      };
      this.micOpen = mic instanceof Promise ? mic.then(use) : Promise.resolve(use(mic));
    }
    return this.micOpen.then(() => deviceInfos(this.selected));
  }

  override preAuth(properties: DailyCallOptions = {}): Promise<{ access: DailyAccess }> {
    this.url = properties.url ?? this.url;
    return super.preAuth(properties);
  }

  leave(): Promise<void> {
    if (this.destroyed) return this.useAfterDestroy('leave');
    this.record('leave', []);
    this.leaveNow();
    return Promise.resolve();
  }

  destroy(): Promise<void> {
    if (this.destroyed) return this.useAfterDestroy('destroy');
    this.record('destroy', []);
    this.leaveNow();
    this.destroyed = true;
    live.delete(this);
    this.timers.cancelAll();
    this.fire('call-instance-destroyed', {});
    this.emitter.removeAllListeners();
    return Promise.resolve();
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  meetingState(): DailyMeetingState {
    this.assertAlive('meetingState');
    return this.state;
  }

  participants(): DailyParticipantsObject {
    this.assertAlive('participants');
    const all: DailyParticipantsObject = { local: this.local };
    for (const [id, p] of this.remotes) all[id] = p;
    return all;
  }

  /** Participants in the meeting (the local one included); none are hidden in a mock room. */
  participantCounts(): DailyParticipantCounts {
    this.assertAlive('participantCounts');
    return { present: this.state === 'joined-meeting' ? this.remotes.size + 1 : 0, hidden: 0 };
  }

  /** The last `active-speaker-change`'s speaker. */
  getActiveSpeaker(): { peerId?: string } {
    this.assertAlive('getActiveSpeaker');
    return this.activeSpeaker === null ? {} : { peerId: this.activeSpeaker };
  }

  // ── audio ────────────────────────────────────────────────────────────────────────────

  localAudio(): boolean {
    this.assertAlive('localAudio');
    return this.local.tracks.audio.state === 'playable';
  }

  setLocalAudio(enabled: boolean, options?: { forceDiscardTrack: boolean }): DailyCall {
    this.assertAlive('setLocalAudio');
    this.record('setLocalAudio', options ? [enabled, options] : [enabled]);
    const track = this.localTrack;
    // A blocked or missing mic stays blocked: daily-js cannot unmute what it cannot open.
    if (track && track.readyState === 'live' && this.local.tracks.audio.state !== 'blocked') {
      const changed = track.enabled !== enabled;
      track.enabled = enabled;
      const { session_id: sessionId, user_name: userName, joined_at: joinedAt } = this.local;
      this.local = localParticipant(
        { sessionId, userName, ...(joinedAt ? { joinedAt } : {}) },
        track,
        enabled ? 'playable' : 'off',
      );
      // daily-js announces the local track before it commits the participant (daily-transport
      // keeps its own mic state from these events for that reason).
      if (changed)
        this.fire(enabled ? 'track-started' : 'track-stopped', this.localTrackEvent(track));
      this.fire('participant-updated', { participant: this.local });
    }
    return this.asDailyCall();
  }

  // ── data, session info, events ───────────────────────────────────────────────────────

  sendAppMessage(data: unknown, to: string | string[] = '*'): DailyCall {
    this.assertAlive('sendAppMessage');
    this.record('sendAppMessage', [data, to]);
    if (this.state !== 'joined-meeting') {
      throw new Error('sendAppMessage() only supported after join.');
    }
    if (JSON.stringify(data).length > MAX_APP_MESSAGE_SIZE) {
      throw new Error(`Message data too large. Max size is ${MAX_APP_MESSAGE_SIZE}`);
    }
    this.link.fromClient(data, to);
    return this.asDailyCall();
  }

  meetingSessionState(): DailyMeetingSessionState {
    this.assertAlive('meetingSessionState');
    return { data: undefined, topology: this.state === 'joined-meeting' ? 'sfu' : 'none' };
  }

  meetingSessionSummary(): DailyMeetingSessionSummary {
    this.assertAlive('meetingSessionSummary');
    return this.sessionSummary;
  }

  getNetworkTopology(): Promise<{ topology: DailyNetworkTopology | 'none'; error?: string }> {
    if (this.destroyed) return this.useAfterDestroy('getNetworkTopology');
    return Promise.resolve({ topology: this.state === 'joined-meeting' ? 'sfu' : 'none' });
  }

  // ── room → call (what the SFU pushes) ────────────────────────────────────────────────

  /** @internal */
  roomParticipantJoined(participant: DailyParticipant): void {
    if (this.state !== 'joined-meeting') return;
    this.remotes.set(participant.session_id, participant);
    this.fire('participant-joined', { participant });
    this.fireTrack('track-started', participant);
  }

  /** @internal `reason: 'hidden'` when the participant became hidden rather than left (daily-js). */
  roomParticipantLeft(sessionId: string, reason?: DailyParticipantLeftReason): void {
    const participant = this.remotes.get(sessionId);
    if (!participant || this.state !== 'joined-meeting') return;
    this.remotes.delete(sessionId);
    this.fireTrack('track-stopped', participant);
    this.fire('participant-left', reason ? { participant, reason } : { participant });
  }

  /** @internal Someone started speaking: daily-js's `active-speaker-change` (local or remote). */
  roomActiveSpeaker(who: 'local' | string): void {
    if (this.state !== 'joined-meeting') return;
    const peerId = who === 'local' ? this.local.session_id : who;
    if ((who !== 'local' && !this.remotes.has(who)) || this.activeSpeaker === peerId) return;
    this.activeSpeaker = peerId;
    this.fire('active-speaker-change', { activeSpeaker: { peerId } });
  }

  /** @internal */
  roomAppMessage(data: unknown, fromId: string): void {
    if (this.state === 'joined-meeting') this.fire('app-message', { data, fromId });
  }

  /** @internal */
  roomNetworkEvent(event: 'interrupted' | 'connected'): void {
    if (this.state !== 'joined-meeting') return;
    this.fire('network-connection', { type: 'signaling', event });
    this.fire('network-quality-change', networkStats(event === 'connected', true));
  }

  /** @internal The room ejected this call (network never came back, room expired…). */
  roomEject(type: DailyFatalErrorType, message: string): void {
    if (this.state !== 'joined-meeting') return;
    this.failFatal(type, message, 'reconnect');
    this.stopMedia();
    this.link.callLeft(this);
    this.fire('left-meeting', {});
  }

  /** @internal Leak report for `assertNoLeftovers`. */
  leftovers(): string[] {
    const lines: string[] = [];
    const name = `MockDailyCall ${this.callClientId}`;
    if (!this.destroyed) {
      const history = this.callNames().join(', ') || 'none';
      lines.push(`${name} was never destroyed (meetingState '${this.state}'; calls: ${history})`);
    }
    const count = this.emitter.listenerCount();
    if (count > 0) {
      lines.push(`${name} still has ${count} listener(s) on: ${this.emitter.events().join(', ')}`);
    }
    return lines;
  }

  /** @internal */
  forceRelease(): void {
    if (!this.destroyed) void this.destroy();
  }

  // ── internals ────────────────────────────────────────────────────────────────────────

  /**
   * The mic is open (or failed, which daily-js also joins with): the local participant takes
   * its track, and a failure is announced with `camera-error`.
   */
  private useMic(mic: OpenedMic): void {
    this.localTrack = mic.track;
    this.local = mic.participant;
    this.selected = { ...this.selected, mic: mic.track ? 'default' : null };
    if (mic.error) this.fire('camera-error', mic.error);
    else if (mic.track?.enabled) this.fire('track-started', this.localTrackEvent(mic.track));
  }

  private openLocalMic(properties: DailyCallOptions): OpenedMic | Promise<OpenedMic> {
    const userName = properties.userName ?? this.options.userName ?? '';
    this.localTrack = null;
    return openMic(this.link.mic, { sessionId: this.local.session_id, userName }, () =>
      this.link.createLocalTrack(),
    );
  }

  private localTrackEvent(track: MediaStreamTrack) {
    return { participant: this.local, track, type: 'audio' as const };
  }

  protected meeting(): { url: string | null; joined: boolean; networkUp: boolean } {
    return {
      url: this.url,
      joined: this.state === 'joined-meeting',
      networkUp: this.link.networkUp,
    };
  }

  protected levelsNow(): { local: number; remote: Record<string, number> } {
    const t = Date.now();
    const track = this.localTrack;
    const muted = !track?.enabled || track.readyState !== 'live';
    const levels = this.link.remoteLevels(t);
    const remote: Record<string, number> = {};
    for (const id of this.remotes.keys()) remote[id] = levels[id] ?? 0;
    return { local: this.link.localLevel(t, muted), remote };
  }

  /**
   * An async mic (a real `getUserMedia`): daily-js opens it during `join()`, before it connects.
   * Leaving or destroying meanwhile rejects the join like any pending one; a track that opens
   * after that is stopped at once, so no live mic outlives the call.
   */
  private joinWhenMicOpens(opening: Promise<OpenedMic>): Promise<DailyParticipantsObject> {
    return new Promise((resolve, reject) => {
      const waiting = { reject };
      this.pendingJoin = waiting;
      opening
        .then((mic) => {
          if (this.pendingJoin !== waiting) {
            mic.track?.stop();
            return;
          }
          this.pendingJoin = undefined;
          this.useMic(mic);
          return this.connect().then(resolve);
        })
        .catch(reject);
    });
  }

  /** `joined-meeting` after the room's join latency (or the room's fatal join error). */
  private connect(): Promise<DailyParticipantsObject> {
    return new Promise((resolve, reject) => {
      this.pendingJoin = { reject };
      this.timers.after(this.link.joinLatencyMs, () => {
        this.pendingJoin = undefined;
        const fatal = this.link.joinError;
        if (fatal !== undefined) {
          const message = `Mock room refused the join (${fatal})`;
          this.failFatal(fatal, message, 'join');
          reject(new Error(message));
          return;
        }
        for (const p of this.link.remoteParticipants()) this.remotes.set(p.session_id, p);
        this.state = 'joined-meeting';
        this.link.callJoined(this);
        const participants = this.participants();
        this.fire('joined-meeting', { participants });
        for (const p of this.remotes.values()) this.fireTrack('track-started', p);
        resolve(participants);
      });
    });
  }

  private leaveNow(): void {
    if (this.pendingJoin) {
      const { reject } = this.pendingJoin;
      this.pendingJoin = undefined;
      reject(new Error('The call left before the join completed'));
    }
    const wasInMeeting = this.state === 'joined-meeting' || this.state === 'joining-meeting';
    this.stopMedia();
    if (!wasInMeeting) return;
    this.link.callLeft(this);
    this.state = 'left-meeting';
    this.fire('left-meeting', {});
  }

  private stopMedia(): void {
    this.timers.cancelAll();
    this.localObserver.stop();
    this.remoteObserver.stop();
    const track = this.localTrack;
    if (track && track.readyState === 'live' && track.enabled)
      this.fire('track-stopped', this.localTrackEvent(track));
    track?.stop();
    this.micOpen = null;
    this.remotes.clear();
  }

  private failFatal(type: DailyFatalErrorType, msg: string, on: 'join' | 'reconnect'): void {
    this.state = 'error';
    const details = { on, sourceError: {} };
    this.fire('error', {
      errorMsg: msg,
      error: type === 'connection-error' ? { type, msg, details } : { type, msg },
    });
  }

  private fireTrack(
    action: 'track-started' | 'track-stopped',
    participant: DailyParticipant,
  ): void {
    const track = participant.tracks.audio.persistentTrack;
    if (track) this.fire(action, { participant, track, type: 'audio' });
  }
}
