import type { VoiceErrorCode } from '../errors';

/** Why a session ended. `error` is set in the snapshot when the reason is a failure. */
export type EndReason =
  | 'user'
  | 'user-goodbye'
  | 'bot-goodbye'
  | 'idle-timeout'
  | 'max-duration'
  | 'bot-left'
  | 'network-lost'
  | 'server-ended'
  /** The user started the conversation in another tab, which took it over. */
  | 'replaced'
  | 'page-hidden'
  | 'destroyed'
  | 'error';

/** The end reason a fatal error implies: anything not listed is `error`. */
const FAIL_REASONS: Partial<Record<VoiceErrorCode, EndReason>> = {
  'bot-left': 'bot-left',
  'network-lost': 'network-lost',
  'session-ended': 'server-ended',
};

export function endReasonFor(error: { readonly code: VoiceErrorCode }): EndReason {
  return FAIL_REASONS[error.code] ?? 'error';
}
