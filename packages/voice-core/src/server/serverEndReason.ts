/**
 * Why the server ended a session: stored as the record's `endReason` and sent in the
 * `session-ended` event. Not the browser engine's `EndReason` (`@parley/voice-core`), which
 * says why the user's call stopped as the browser saw it.
 */
export type ServerEndReason =
  | 'user'
  | 'page-left'
  | 'client-lost'
  | 'goodbye'
  | 'hard-timeout'
  | 'idle-timeout'
  | 'bot-failed'
  | 'start-failed'
  | 'start-timeout'
  | 'admin-shutdown'
  | 'shutdown'
  | 'replaced'
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

/**
 * Reasons after which the room is never kept for a quick reuse: failures, shutdowns, and a
 * session another tab took over (deleting the room ejects the old tab even if its page is
 * frozen, and a room of two cannot hold both tabs and the bot).
 */
export const FORCED_REASONS: ReadonlySet<string> = new Set([
  'admin-shutdown',
  'shutdown',
  'replaced',
  ...FAILURE_REASONS,
]);

/**
 * How ending a session affects the user's next start. `none`: not the user's doing.
 * `soft`: the session never became active for the user (a failed connect), or the page left
 * (a reload): the first few of these in a cooldown window are free, so "Try again" and a
 * reload work, while a loop of them still meets the cooldown. `full`: the cooldown.
 */
export type CooldownKind = 'none' | 'soft' | 'full';

/** Decided by the server from its own record, never from what the client says. */
export function cooldownFor(reason: string, engaged: boolean): CooldownKind {
  if (FAILURE_REASONS.has(reason)) return 'none';
  // Another tab took over: like a reload, free once per window, so a loop of tabs still meets
  // the cooldown.
  if (reason === 'page-left' || reason === 'replaced') return 'soft';
  if ((reason === 'user' || reason === 'client-lost') && !engaged) return 'soft';
  return 'full';
}
