/**
 * `BotAudio` plays the bot's audio track through daily-react (`DailyProvider` over the
 * session's call object + `DailyAudioTrack` for the bot), handles a blocked autoplay with a
 * visible "Tap to enable audio", and offers a device picker (`renderDevices`).
 *
 * Nothing here imports daily-react or daily-js statically: they arrive in the player chunk,
 * loaded when a session goes live or on `preloadBotAudio()`. `useAudioDevices` is therefore
 * not exported (it would pull daily-react into the initial bundle); use `renderDevices`.
 *
 * @packageDocumentation
 */
export { BotAudio } from './BotAudio';
export { preloadBotAudio } from './PlayerSlot';
export type {
  AudioDevice,
  AudioDevices,
  BotAudioBlockedProps,
  BotAudioProps,
  BotAudioStatus,
} from './botAudioTypes';
