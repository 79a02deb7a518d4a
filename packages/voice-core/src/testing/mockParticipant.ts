import type { DailyParticipant, DailyTrackState } from '@daily-co/daily-js';

export interface MockParticipantOptions {
  sessionId: string;
  userName: string;
  userId?: string;
  local?: boolean;
  /** The audio track, or none (a participant whose mic is off or not yet published). */
  audioTrack?: MediaStreamTrack | undefined;
  /** Daily's state of the audio track. Default: 'playable' with a track, else 'off'. */
  audioState?: DailyTrackState['state'];
  /** Why a blocked track is blocked. */
  blocked?: DailyTrackState['blocked'];
  joinedAt?: Date;
  owner?: boolean;
}

const off = (): DailyTrackState => ({ subscribed: false, state: 'off', off: { byUser: true } });

/**
 * Builds a complete `DailyParticipant` (every field daily-js declares), so code that reads
 * any of them (daily-react does) sees what the real call object gives.
 *
 * @example
 * const bot = mockParticipant({ sessionId: 'bot-1', userName: 'parley-bot', audioTrack: track });
 * bot.tracks.audio.state; // 'playable'
 */
export function mockParticipant(options: MockParticipantOptions): DailyParticipant {
  const local = options.local ?? false;
  const track = options.audioTrack;
  const state = options.audioState ?? (track ? 'playable' : 'off');
  const audio: DailyTrackState = {
    // The local participant never subscribes to itself; remotes are auto-subscribed.
    subscribed: !local,
    state,
    ...(state === 'off' ? { off: { byUser: true } } : {}),
    ...(options.blocked ? { blocked: options.blocked } : {}),
    ...(track ? { persistentTrack: track } : {}),
    // daily-js only exposes `track` when it is playable.
    ...(track && state === 'playable' ? { track } : {}),
  };
  return {
    audio: state === 'playable',
    video: false,
    screen: false,
    audioTrack: track && state === 'playable' ? track : false,
    videoTrack: false,
    screenVideoTrack: false,
    screenAudioTrack: false,
    tracks: { audio, video: off(), screenAudio: off(), screenVideo: off() },
    user_id: options.userId ?? options.sessionId,
    user_name: options.userName,
    session_id: options.sessionId,
    joined_at: options.joinedAt ?? new Date(Date.now()),
    networkQualityState: 'good',
    will_eject_at: new Date(0),
    local,
    owner: options.owner ?? false,
    permissions: {
      hasPresence: true,
      canSend: true,
      canReceive: { base: true },
      canAdmin: false,
    },
    record: false,
    cam_info: {},
    screen_info: {},
  };
}
