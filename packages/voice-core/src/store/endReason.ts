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
  | 'page-hidden'
  | 'destroyed'
  | 'error';
