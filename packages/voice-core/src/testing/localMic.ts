import type { DailyEventObject, DailyParticipant } from '@daily-co/daily-js';
import { mockParticipant } from './mockParticipant.js';

/** What the user's microphone does when the call starts it. */
export type MockMicState = 'granted' | 'denied' | 'missing';

export interface OpenedMic {
  /** The live mic track, or null when it could not be opened. */
  track: MediaStreamTrack | null;
  participant: DailyParticipant;
  /** The `camera-error` daily-js emits when the mic fails (join still goes on). */
  error?: Omit<DailyEventObject<'camera-error'>, 'action' | 'callClientId'>;
}

/**
 * Opens the local mic the way daily-js does during `join()`: granted → a playable track;
 * denied or missing → no track, the audio state `blocked` with the reason, and a
 * `camera-error` payload (permissions / not-found) for the call to emit.
 */
export function openMic(
  mic: MockMicState,
  local: { sessionId: string; userName: string },
  createTrack: () => MediaStreamTrack,
): OpenedMic {
  if (mic === 'granted') {
    const track = createTrack();
    return {
      track,
      participant: localParticipant(local, track, track.enabled ? 'playable' : 'off'),
    };
  }
  const participant = mockParticipant({
    ...local,
    local: true,
    audioState: 'blocked',
    blocked: mic === 'denied' ? { byPermissions: true } : { byDeviceMissing: true },
  });
  const msg = mic === 'denied' ? 'Permission denied' : 'Requested device not found';
  return {
    track: null,
    participant,
    error: {
      errorMsg: { errorMsg: msg, audioOk: false, videoOk: true },
      error:
        mic === 'denied'
          ? { type: 'permissions', blockedBy: 'user', blockedMedia: ['audio'], msg }
          : { type: 'not-found', missingMedia: ['audio'], msg },
    },
  };
}

/** The local participant with its mic track in `state`. */
export function localParticipant(
  local: { sessionId: string; userName: string; joinedAt?: Date },
  track: MediaStreamTrack,
  state: 'playable' | 'off',
): DailyParticipant {
  return mockParticipant({ ...local, local: true, audioTrack: track, audioState: state });
}
