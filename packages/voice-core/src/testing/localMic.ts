import type { DailyEventObject, DailyParticipant } from '@daily-co/daily-js';
import { mockParticipant } from './mockParticipant.js';

/** What the user's microphone does when the call starts it. */
export type MockMicState = 'granted' | 'denied' | 'missing';

/** The local participant's identity while the mic opens. */
interface LocalIdentity {
  sessionId: string;
  userName: string;
}

export interface OpenedMic {
  /** The live mic track, or null when it could not be opened. */
  track: MediaStreamTrack | null;
  participant: DailyParticipant;
  /** The `camera-error` daily-js emits when the mic fails (join still goes on). */
  error?: Omit<DailyEventObject<'camera-error'>, 'action' | 'callClientId'>;
}

/** Why the mic could not be opened, and the message daily-js reports. */
export interface MicFailure {
  reason: 'denied' | 'missing';
  msg: string;
}

const DENIED_MSG = 'Permission denied';
const MISSING_MSG = 'Requested device not found';

/**
 * Opens the local mic the way daily-js does during `join()`: granted → a playable track;
 * denied or missing → no track, the audio state `blocked` with the reason, and a
 * `camera-error` payload (permissions / not-found) for the call to emit.
 *
 * Synchronous unless `createTrack` returns a promise (a real `getUserMedia`): then the result
 * is a promise that never rejects, a rejection becoming the failure it stands for
 * (see `micFailureOf`).
 */
export function openMic(
  mic: MockMicState,
  local: LocalIdentity,
  createTrack: () => MediaStreamTrack | PromiseLike<MediaStreamTrack>,
): OpenedMic | Promise<OpenedMic> {
  if (mic !== 'granted') {
    return failedMic(local, {
      reason: mic,
      msg: mic === 'denied' ? DENIED_MSG : MISSING_MSG,
    });
  }
  const track = createTrack();
  if (!isThenable(track)) return grantedMic(local, track);
  return Promise.resolve(track).then(
    (opened) => grantedMic(local, opened),
    (error: unknown) => failedMic(local, micFailureOf(error)),
  );
}

/** What a granted mic gives: its track, playable (or off when the track comes disabled). */
export function grantedMic(local: LocalIdentity, track: MediaStreamTrack): OpenedMic {
  return {
    track,
    participant: localParticipant(local, track, track.enabled ? 'playable' : 'off'),
  };
}

/** What a failed mic gives: no track, audio `blocked` with the reason, and the `camera-error`. */
export function failedMic(local: LocalIdentity, { reason, msg }: MicFailure): OpenedMic {
  const participant = mockParticipant({
    ...local,
    local: true,
    audioState: 'blocked',
    blocked: reason === 'denied' ? { byPermissions: true } : { byDeviceMissing: true },
  });
  return {
    track: null,
    participant,
    error: {
      errorMsg: { errorMsg: msg, audioOk: false, videoOk: true },
      error:
        reason === 'denied'
          ? { type: 'permissions', blockedBy: 'user', blockedMedia: ['audio'], msg }
          : { type: 'not-found', missingMedia: ['audio'], msg },
    },
  };
}

/**
 * Reads a `getUserMedia` rejection by its `name`, as daily-js does: `NotAllowedError` and
 * `SecurityError` → denied; `NotFoundError` and `OverconstrainedError` → missing; anything
 * else → denied too, keeping the original message.
 */
export function micFailureOf(error: unknown): MicFailure {
  const { name, message } = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: unknown;
    message?: unknown;
  };
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return { reason: 'denied', msg: DENIED_MSG };
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError') {
    return { reason: 'missing', msg: MISSING_MSG };
  }
  const msg = typeof message === 'string' && message !== '' ? message : String(error);
  return { reason: 'denied', msg };
}

/** The local participant with its mic track in `state`. */
export function localParticipant(
  local: { sessionId: string; userName: string; joinedAt?: Date },
  track: MediaStreamTrack,
  state: 'playable' | 'off',
): DailyParticipant {
  return mockParticipant({ ...local, local: true, audioTrack: track, audioState: state });
}

function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown }).then === 'function';
}
