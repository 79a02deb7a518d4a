import type {
  DailyAccess,
  DailyCall,
  DailyCallOptions,
  DailyDeviceInfos,
  DailyInputSettings,
  DailyMediaDeviceInfo,
  DailyNetworkStats,
  DailyNonFatalErrorType,
  DailyPendingRoomInfo,
  DailyRoomInfo,
} from '@daily-co/daily-js';
import { LevelObserver } from './levelObserver.js';
import { MockCallBase } from './mockCallBase.js';
import { checkDevice, deviceInfos, MOCK_DEVICES, networkStats } from './mockDevices.js';
import { TimerSet } from './timerSet.js';

/**
 * The daily-js methods around the meeting that `@pipecat-ai/daily-transport` and daily-react
 * call — devices, audio-level observers, pre-auth, room info, network stats, the (absent)
 * camera — with daily-js's
 * signatures (`DailyCall[…]`, checked by the compiler) and rules (async ones reject after
 * `destroy()`, sync ones throw). `MockDailyCall` adds the meeting itself.
 */
export abstract class MockCallDevices extends MockCallBase {
  /** The selected input/output device ids (`null`: not acquired yet, reported as `{}`). */
  protected selected: { mic: string | null; speaker: string | null } = {
    mic: null,
    speaker: 'default',
  };
  protected inputSettings: DailyInputSettings = {};
  /** The call's timers (observers, join latency): all cancelled when it leaves. */
  protected readonly timers = new TimerSet();
  protected readonly localObserver = new LevelObserver(this.timers);
  protected readonly remoteObserver = new LevelObserver(this.timers);

  /** The room this call joined (or will join), and whether it is in the meeting now. */
  protected abstract meeting(): { url: string | null; joined: boolean; networkUp: boolean };
  /** The levels the observers report now: the local mic's, and each remote participant's. */
  protected abstract levelsNow(): { local: number; remote: Record<string, number> };

  startLocalAudioLevelObserver(interval = 100): Promise<void> {
    if (this.destroyed) return this.useAfterDestroy('startLocalAudioLevelObserver');
    this.record('startLocalAudioLevelObserver', [interval]);
    this.localObserver.start(interval, () => {
      this.fire('local-audio-level', { audioLevel: this.levelsNow().local });
    });
    return Promise.resolve();
  }

  stopLocalAudioLevelObserver(): void {
    this.assertAlive('stopLocalAudioLevelObserver');
    this.record('stopLocalAudioLevelObserver', []);
    this.localObserver.stop();
  }

  isLocalAudioLevelObserverRunning(): boolean {
    this.assertAlive('isLocalAudioLevelObserverRunning');
    return this.localObserver.running;
  }

  startRemoteParticipantsAudioLevelObserver(interval = 100): Promise<void> {
    if (this.destroyed) return this.useAfterDestroy('startRemoteParticipantsAudioLevelObserver');
    this.record('startRemoteParticipantsAudioLevelObserver', [interval]);
    this.remoteObserver.start(interval, () => {
      this.fire('remote-participants-audio-level', {
        participantsAudioLevel: this.levelsNow().remote,
      });
    });
    return Promise.resolve();
  }

  stopRemoteParticipantsAudioLevelObserver(): void {
    this.assertAlive('stopRemoteParticipantsAudioLevelObserver');
    this.record('stopRemoteParticipantsAudioLevelObserver', []);
    this.remoteObserver.stop();
  }

  isRemoteParticipantsAudioLevelObserverRunning(): boolean {
    this.assertAlive('isRemoteParticipantsAudioLevelObserverRunning');
    return this.remoteObserver.running;
  }

  enumerateDevices(): Promise<{ devices: DailyMediaDeviceInfo[] }> {
    if (this.destroyed) return this.useAfterDestroy('enumerateDevices');
    return Promise.resolve({ devices: [...MOCK_DEVICES] });
  }

  getInputDevices(): Promise<DailyDeviceInfos> {
    if (this.destroyed) return this.useAfterDestroy('getInputDevices');
    return Promise.resolve(deviceInfos(this.selected));
  }

  setInputDevicesAsync(
    devices: Parameters<DailyCall['setInputDevicesAsync']>[0],
  ): Promise<DailyDeviceInfos> {
    if (this.destroyed) return this.useAfterDestroy('setInputDevicesAsync');
    this.record('setInputDevicesAsync', [devices]);
    const id = devices.audioDeviceId;
    if (typeof id === 'string') {
      const error = checkDevice('audioinput', id);
      if (error) return Promise.reject(error);
      this.selected = { ...this.selected, mic: id };
      this.fireSelectedDevices();
    }
    return Promise.resolve(deviceInfos(this.selected));
  }

  setOutputDeviceAsync(audioDevice: { outputDeviceId: string }): Promise<DailyDeviceInfos> {
    if (this.destroyed) return this.useAfterDestroy('setOutputDeviceAsync');
    this.record('setOutputDeviceAsync', [audioDevice]);
    const error = checkDevice('audiooutput', audioDevice.outputDeviceId);
    if (error) return Promise.reject(error);
    this.selected = { ...this.selected, speaker: audioDevice.outputDeviceId };
    this.fireSelectedDevices();
    return Promise.resolve(deviceInfos(this.selected));
  }

  /** Resolves at once with full access (a mock room has no lobby). */
  preAuth(properties: DailyCallOptions = {}): Promise<{ access: DailyAccess }> {
    if (this.destroyed) return this.useAfterDestroy('preAuth');
    this.record('preAuth', [properties]);
    return Promise.resolve({ access: { level: 'full' } });
  }

  /** `{ roomUrlPendingJoin }` before the join, the room's info once joined, null with no url. */
  room(): Promise<DailyPendingRoomInfo | DailyRoomInfo | null> {
    if (this.destroyed) return this.useAfterDestroy('room');
    const { url, joined } = this.meeting();
    if (url === null) return Promise.resolve(null);
    if (!joined) return Promise.resolve({ roomUrlPendingJoin: url });
    const name = url.split('/').pop() ?? 'mock-room';
    return Promise.resolve({
      id: `mock-${name}`,
      name,
      config: {},
      domainConfig: {},
      tokenConfig: {},
    });
  }

  getNetworkStats(): Promise<DailyNetworkStats> {
    if (this.destroyed) return this.useAfterDestroy('getNetworkStats');
    const { joined, networkUp } = this.meeting();
    return Promise.resolve(networkStats(networkUp, joined));
  }

  // A voice call has no camera and no screen share: the getters answer, the setters are logged.
  localVideo(): boolean {
    this.assertAlive('localVideo');
    return false;
  }

  /** Logged only: the mock machine has no camera (`enumerateDevices` lists none). */
  setLocalVideo(enabled: boolean): DailyCall {
    this.assertAlive('setLocalVideo');
    this.record('setLocalVideo', [enabled]);
    return this.asDailyCall();
  }

  localScreenAudio(): boolean {
    this.assertAlive('localScreenAudio');
    return false;
  }

  localScreenVideo(): boolean {
    this.assertAlive('localScreenVideo');
    return false;
  }

  updateInputSettings(
    inputSettings: DailyInputSettings,
  ): Promise<{ inputSettings: DailyInputSettings }> {
    if (this.destroyed) return this.useAfterDestroy('updateInputSettings');
    this.record('updateInputSettings', [inputSettings]);
    this.inputSettings = { ...this.inputSettings, ...inputSettings };
    return Promise.resolve({ inputSettings: this.inputSettings });
  }

  getInputSettings(): Promise<DailyInputSettings> {
    if (this.destroyed) return this.useAfterDestroy('getInputSettings');
    return Promise.resolve(this.inputSettings);
  }

  /** The voice room has screen sharing off (`enable_screenshare: false`): daily-js says so. */
  startScreenShare(): void {
    this.assertAlive('startScreenShare');
    this.record('startScreenShare', []);
    this.fire('nonfatal-error', {
      type: 'screen-share-error',
      errorMsg: 'Screen sharing is not enabled in this room.',
    });
  }

  stopScreenShare(): void {
    this.assertAlive('stopScreenShare');
    this.record('stopScreenShare', []);
  }

  subscribeToTracksAutomatically(): boolean {
    this.assertAlive('subscribeToTracksAutomatically');
    return true;
  }

  /** Emits a `nonfatal-error` as daily-js does for a failure that leaves the call up. */
  nonFatalError(type: DailyNonFatalErrorType, errorMsg: string): void {
    this.assertAlive('nonFatalError');
    this.fire('nonfatal-error', { type, errorMsg });
  }

  private fireSelectedDevices(): void {
    const infos = deviceInfos(this.selected);
    this.fire('selected-devices-updated', { devices: infos });
  }
}
