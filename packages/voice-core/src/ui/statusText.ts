import type { VoiceError } from '../errors';
import type { SessionStatus } from '../sessionMachine';

/** The short status a status line shows per session status. */
export const DEFAULT_STATUS_TEXT: Readonly<Record<SessionStatus, string>> = {
  inactive: 'Ready',
  connecting: 'Connecting…',
  active: 'Listening',
  paused: 'Paused for a call',
  disconnecting: 'Ending…',
  unavailable: 'Unavailable',
};

/** The parts of an error a retry hint needs. */
export type RetryHintSource = Pick<VoiceError, 'retryable' | 'retryAfterMs' | 'source'>;

/**
 * What the user can do about an error, in one sentence: when to retry (from `Retry-After`),
 * that a retry may help, or — for a failure a retry cannot fix — where to look.
 */
export function retryHint(error: RetryHintSource): string {
  if (error.retryable) {
    if (error.retryAfterMs !== undefined && error.retryAfterMs > 0) {
      return `Try again in ${Math.ceil(error.retryAfterMs / 1000)} s.`;
    }
    return 'You can try again now.';
  }
  if (error.source === 'device') return 'Check your microphone and its permission, then try again.';
  return 'Trying again will not help; contact support if this persists.';
}
