import type {
  DailyCall,
  DailyEvent,
  DailyEventObject,
  DailyFactoryOptions,
} from '@daily-co/daily-js';

/**
 * The part of daily-js's `DailyCall` the engine (and daily-react, over it) uses. The real call
 * object satisfies it as is; `MockDailyCall` from `@parley/voice-core/testing` implements it
 * with daily-js's own rules (one live instance, nothing after `destroy()`).
 */
export type VoiceCall = Pick<
  DailyCall,
  | 'join'
  | 'leave'
  | 'destroy'
  | 'isDestroyed'
  | 'meetingState'
  | 'participants'
  | 'localAudio'
  | 'setLocalAudio'
  | 'sendAppMessage'
  | 'startLocalAudioLevelObserver'
  | 'stopLocalAudioLevelObserver'
  | 'isLocalAudioLevelObserverRunning'
  | 'startRemoteParticipantsAudioLevelObserver'
  | 'stopRemoteParticipantsAudioLevelObserver'
  | 'isRemoteParticipantsAudioLevelObserverRunning'
  | 'meetingSessionState'
  | 'meetingSessionSummary'
  | 'getNetworkTopology'
  | 'on'
  | 'off'
>;

/** Creates the call object. Default: `import('@daily-co/daily-js')` then `createCallObject`. */
export type CallFactory = (options: DailyFactoryOptions) => VoiceCall | Promise<VoiceCall>;

export type { DailyEvent, DailyEventObject, DailyFactoryOptions };
