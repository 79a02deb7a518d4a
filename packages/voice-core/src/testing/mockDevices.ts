import type { DailyDeviceInfos, DailyMediaDeviceInfo, DailyNetworkStats } from '@daily-co/daily-js';

/** A `MediaDeviceInfo` as the browser gives one (a plain object with `toJSON`, like the real one). */
function device(kind: MediaDeviceKind, deviceId: string, label: string): DailyMediaDeviceInfo {
  const info = { deviceId, groupId: 'mock-group', kind, label };
  return { ...info, toJSON: () => info };
}

/** The mock machine's devices: a microphone and a speaker (a voice session needs no camera). */
export const MOCK_DEVICES: readonly DailyMediaDeviceInfo[] = Object.freeze([
  device('audioinput', 'default', 'Default - Mock microphone'),
  device('audioinput', 'mock-mic', 'Mock microphone'),
  device('audiooutput', 'default', 'Default - Mock speaker'),
  device('audiooutput', 'mock-speaker', 'Mock speaker'),
]);

/** What `startCamera`/`getInputDevices` report: `{}` for a device not acquired (daily-js's rule). */
export function deviceInfos(selected: {
  mic: string | null;
  speaker: string | null;
}): DailyDeviceInfos {
  const find = (kind: MediaDeviceKind, id: string | null) =>
    (id !== null && MOCK_DEVICES.find((d) => d.kind === kind && d.deviceId === id)) || {};
  return {
    camera: {},
    mic: find('audioinput', selected.mic),
    speaker: find('audiooutput', selected.speaker),
  };
}

/** A device id the mock machine has, or an error like the browser's `OverconstrainedError`. */
export function checkDevice(kind: MediaDeviceKind, id: string): Error | null {
  if (MOCK_DEVICES.some((d) => d.kind === kind && d.deviceId === id)) return null;
  const error = new Error(`No ${kind} with id "${id}"`);
  error.name = 'NotFoundError';
  return error;
}

/** `getNetworkStats()` / `network-quality-change`: good while the network is up, bad while down. */
export function networkStats(up: boolean, joined: boolean): DailyNetworkStats {
  if (!joined) {
    return {
      networkState: 'unknown',
      networkStateReasons: [],
      stats: {},
      threshold: 'good',
      quality: 100,
    };
  }
  const rtt = up ? 0.04 : null;
  const loss = up ? 0 : 1;
  return {
    networkState: up ? 'good' : 'bad',
    networkStateReasons: up ? [] : ['sendPacketLoss', 'recvPacketLoss'],
    threshold: up ? 'good' : 'very-low',
    quality: up ? 100 : 0,
    stats: {
      latest: {
        timestamp: Date.now(),
        recvBitsPerSecond: up ? 32_000 : 0,
        sendBitsPerSecond: up ? 32_000 : 0,
        availableOutgoingBitrate: up ? 1_000_000 : 0,
        networkRoundTripTime: rtt,
        videoRecvBitsPerSecond: null,
        videoSendBitsPerSecond: null,
        audioRecvBitsPerSecond: up ? 32_000 : 0,
        audioSendBitsPerSecond: up ? 32_000 : 0,
        videoRecvPacketLoss: null,
        videoSendPacketLoss: null,
        audioRecvPacketLoss: loss,
        audioSendPacketLoss: loss,
        totalSendPacketLoss: loss,
        totalRecvPacketLoss: loss,
        videoRecvJitter: null,
        videoSendJitter: null,
        audioRecvJitter: up ? 0.002 : null,
        audioSendJitter: up ? 0.002 : null,
      },
      worstVideoRecvPacketLoss: 0,
      worstVideoSendPacketLoss: 0,
      worstAudioRecvPacketLoss: loss,
      worstAudioSendPacketLoss: loss,
      worstVideoRecvJitter: 0,
      worstVideoSendJitter: 0,
      worstAudioRecvJitter: 0.002,
      worstAudioSendJitter: 0.002,
      averageNetworkRoundTripTime: 0.04,
    },
  };
}
