import type { SessionStatus } from '../sessionMachine';

/**
 * What an assistant button shows in each status (`unavailable` is the error state, offering a
 * retry). The same as the session status, so its flags are `STATUS_FLAGS[state]`.
 */
export type ButtonState = SessionStatus;

/** The visible label per state. */
export const DEFAULT_LABELS: Readonly<Record<ButtonState, string>> = {
  inactive: 'Talk to the assistant',
  connecting: 'Connecting…',
  active: 'End conversation',
  paused: 'Paused for a call',
  disconnecting: 'Ending…',
  unavailable: 'Try again',
};

/** What the polite live region says when the state changes. */
export const DEFAULT_ANNOUNCEMENTS: Readonly<Record<ButtonState, string>> = {
  inactive: 'Conversation ended.',
  connecting: 'Connecting to the assistant.',
  active: 'The assistant is listening.',
  paused: 'Conversation paused while you are on a call.',
  disconnecting: 'Ending the conversation.',
  unavailable: 'The assistant is unavailable.',
};

/** `m:ss` for a countdown. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}
