import type { HTMLAttributes, ReactNode } from 'react';

/**
 * What `BotAudio` shows as `data-status`: nothing to play yet, the bot is heard, the
 * browser's autoplay policy refused to play and a user gesture is needed, or the player
 * failed (see `PlaybackError`) and nothing will play until the next call.
 */
export type BotAudioStatus = 'idle' | 'playing' | 'audioBlocked' | 'failed';

/** What a custom "enable audio" control gets from `renderBlocked`. */
export interface BotAudioBlockedProps {
  /**
   * Plays the bot's audio. Call it synchronously from a click or key handler: browsers only
   * allow `play()` inside a user gesture.
   */
  enableAudio: () => void;
  /** The `blockedLabel` prop (default "Tap to enable audio"). */
  label: ReactNode;
}

/** One speaker or microphone, as `renderDevices` lists it. */
export interface AudioDevice {
  deviceId: string;
  label: string;
  selected: boolean;
}

/**
 * The user's audio devices over daily-react's `useDevices`: lists and setters. The setters
 * resolve `false` when the switch failed (never reject), so they are safe in an `onChange`.
 */
export interface AudioDevices {
  speakers: readonly AudioDevice[];
  microphones: readonly AudioDevice[];
  currentSpeaker: AudioDevice | null;
  currentMicrophone: AudioDevice | null;
  /** daily-react's general microphone state: 'granted', 'blocked', 'not-found', 'not-supported'… */
  microphoneState: string;
  setSpeaker: (deviceId: string) => Promise<boolean>;
  setMicrophone: (deviceId: string) => Promise<boolean>;
  /** Enumerates the devices again. */
  refresh: () => Promise<void>;
}

export interface BotAudioProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  /** Text of the built-in "enable audio" button. Default "Tap to enable audio". */
  blockedLabel?: ReactNode;
  /** Replaces the built-in button while autoplay is blocked. */
  renderBlocked?: (blocked: BotAudioBlockedProps) => ReactNode;
  /**
   * A device picker, rendered inside the lazily loaded chunk (it needs daily-react's
   * provider). Rendered under daily-react's own jotai store: read your app's atoms outside it.
   */
  renderDevices?: (devices: AudioDevices) => ReactNode;
  /** Called when the status changes (not for the initial `idle`). Latest handler wins. */
  onPlaybackChange?: (status: BotAudioStatus) => void;
}
