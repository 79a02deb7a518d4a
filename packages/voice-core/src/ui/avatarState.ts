import type { VoiceSnapshot } from '../store/voiceSnapshot';

/** An avatar's three boolean voice values. */
export interface AvatarVoiceState {
  /** The bot is speaking. */
  readonly speaking: boolean;
  /** The session is active and the floor is the user's: they speak, or the bot neither speaks nor thinks. */
  readonly listening: boolean;
  /** The bot's LLM is working and it is not speaking yet. */
  readonly thinking: boolean;
}

/**
 * The avatar's voice values from a session snapshot. `speaking` is not gated on `active`: the
 * bot says its goodbye while the session is already disconnecting.
 */
export function selectAvatarState(s: VoiceSnapshot): AvatarVoiceState {
  const { speaking, thinking } = s.bot;
  return {
    speaking,
    listening: s.flags.isActive && (s.userSpeaking || (!speaking && !thinking)),
    thinking: thinking && !speaking,
  };
}

/** Whether two avatar states hold the same three values (a selector's equality). */
export function sameAvatarState(a: AvatarVoiceState, b: AvatarVoiceState): boolean {
  return a.speaking === b.speaking && a.listening === b.listening && a.thinking === b.thinking;
}
