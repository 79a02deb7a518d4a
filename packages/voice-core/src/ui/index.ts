/**
 * `@parley/voice-core/ui` — what voice UI components show, without a framework: the button's
 * labels and announcements per status, the countdown format, the avatar's voice state from a
 * snapshot, and the level channel limited to one update per display frame. `@parley/voice-react` renders these; another binding can reuse them as they are.
 * @packageDocumentation
 */
export { frameLimitedLevels, LEVEL_FRAME_MS } from '../audio/frameLimitedLevels';
export { type AvatarVoiceState, sameAvatarState, selectAvatarState } from './avatarState';
export {
  type ButtonState,
  DEFAULT_ANNOUNCEMENTS,
  DEFAULT_LABELS,
  formatCountdown,
} from './buttonText';
export { DEFAULT_END_NOTICES, endNotice } from './endNotice';
export { barProfile, levelToBars, MIN_BAR_HEIGHT } from './levelBars';
export { DEFAULT_STATUS_TEXT, type RetryHintSource, retryHint } from './statusText';
export {
  isScrolledToBottom,
  type TranscriptLine,
  type TranscriptLineState,
  toTranscriptLine,
  transcriptLines,
} from './transcriptDisplay';
