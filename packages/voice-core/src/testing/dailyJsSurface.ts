import type { DailyCall } from '@daily-co/daily-js';
import type { VoiceCall } from '../runtime/dailyCall.js';

/**
 * The daily-js methods the mock implements, by daily-js's own declarations: the engine's
 * `VoiceCall`, plus what `@pipecat-ai/daily-transport` 1.6 and daily-react 0.26 call. `implements` makes the compiler
 * check every signature against daily-js's `index.d.ts`.
 */
export type DailyJsSurface = Pick<
  DailyCall,
  | keyof VoiceCall
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
>;
