import type { DailyFactoryOptions } from '@daily-co/daily-js';

/**
 * Session defaults (room persistence, maximum duration, room settings). Override any part through
 * `createVoiceSession({ config: { … } })`; the room settings are what the server module uses
 * when it creates rooms.
 */
export interface VoiceConfig {
  noiseCancellation: boolean;
  echoCancellation: boolean;
  autoGainControl: boolean;
  audioOnly: boolean;
  /** Hard ceiling of one session, seconds (the server's limit wins when it is lower). */
  maxDuration: number;
  /** How long the room (and bot) outlive the user, seconds, for a quick reconnect. */
  defaultPersistence: number;
  /** Window in which a returning user reuses the same room, seconds. */
  reconnectWindow: number;
  roomPrivacy: 'private' | 'public';
  maxParticipants: number;
  enableKnocking: boolean;
  enableScreenshare: boolean;
}

export const DEFAULT_VOICE_CONFIG: Readonly<VoiceConfig> = Object.freeze({
  noiseCancellation: true,
  echoCancellation: true,
  autoGainControl: true,
  audioOnly: true,
  maxDuration: 3600,
  defaultPersistence: 300,
  reconnectWindow: 300,
  roomPrivacy: 'private',
  maxParticipants: 2,
  enableKnocking: false,
  enableScreenshare: false,
});

/** The daily-js call-object options a config implies (audio only, processing on). */
export function dailyOptionsFor(config: VoiceConfig): DailyFactoryOptions {
  return {
    audioSource: true,
    videoSource: !config.audioOnly,
    startVideoOff: config.audioOnly,
    subscribeToTracksAutomatically: true,
    inputSettings: {
      audio: {
        processor: { type: config.noiseCancellation ? 'noise-cancellation' : 'none' },
        settings: {
          echoCancellation: config.echoCancellation,
          autoGainControl: config.autoGainControl,
        },
      },
    },
    dailyConfig: { micAudioMode: 'speech' },
  };
}
