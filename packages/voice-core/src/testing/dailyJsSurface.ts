import type { DailyCall } from '@daily-co/daily-js';

/**
 * The daily-js methods the mock implements, by daily-js's own declarations: what the engine,
 * `@pipecat-ai/daily-transport` 1.6 and daily-react 0.26 call. `implements` makes the compiler
 * check every signature against daily-js's `index.d.ts`.
 */
export type DailyJsSurface = Pick<
  DailyCall,
  | 'join'
  | 'leave'
  | 'destroy'
  | 'isDestroyed'
  | 'meetingState'
  | 'participants'
  | 'localAudio'
  | 'setLocalAudio'
  | 'localVideo'
  | 'setLocalVideo'
  | 'localScreenAudio'
  | 'localScreenVideo'
  | 'startScreenShare'
  | 'stopScreenShare'
  | 'subscribeToTracksAutomatically'
  | 'participantCounts'
  | 'getActiveSpeaker'
  | 'startCamera'
  | 'enumerateDevices'
  | 'getInputDevices'
  | 'setInputDevicesAsync'
  | 'setOutputDeviceAsync'
  | 'preAuth'
  | 'room'
  | 'updateInputSettings'
  | 'getInputSettings'
  | 'getNetworkStats'
  | 'getNetworkTopology'
  | 'sendAppMessage'
  | 'meetingSessionState'
  | 'meetingSessionSummary'
  | 'startLocalAudioLevelObserver'
  | 'stopLocalAudioLevelObserver'
  | 'isLocalAudioLevelObserverRunning'
  | 'startRemoteParticipantsAudioLevelObserver'
  | 'stopRemoteParticipantsAudioLevelObserver'
  | 'isRemoteParticipantsAudioLevelObserverRunning'
  | 'on'
  | 'off'
>;
