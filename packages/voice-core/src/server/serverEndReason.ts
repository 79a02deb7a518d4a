/**
 * Why the server ended a session: stored as the record's `endReason` and sent in the
 * `session-ended` event. Not the browser engine's `EndReason` (`@parley/voice-core`), which
 * says why the user's call stopped as the browser saw it.
 */
export type ServerEndReason =
  | 'user'
  | 'goodbye'
  | 'hard-timeout'
  | 'idle-timeout'
  | 'bot-failed'
  | 'start-failed'
  | 'start-timeout'
  | 'admin-shutdown'
  | 'shutdown'
  | (string & {});

/**
 * Reasons that are not the user's doing: no cooldown and no leave call; the room is deleted
 * at once, which ejects a bot that did get in.
 */
export const FAILURE_REASONS: ReadonlySet<string> = new Set([
  'bot-failed',
  'start-failed',
  'start-timeout',
]);

/** Reasons after which the room is never kept for a quick reuse: failures and shutdowns. */
export const FORCED_REASONS: ReadonlySet<string> = new Set([
  'admin-shutdown',
  'shutdown',
  ...FAILURE_REASONS,
]);
