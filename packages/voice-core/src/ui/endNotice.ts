import type { EndReason } from '../store/endReason';

/**
 * What the user is told when a conversation ended without their asking: why it ended, where a
 * bare "Conversation ended." would leave them guessing. Reasons the user caused (stop, goodbye,
 * leaving the page) and failures (their error says it) have no notice.
 */
export const DEFAULT_END_NOTICES: Readonly<Partial<Record<EndReason, string>>> = {
  replaced: 'This conversation continued in another tab.',
  'idle-timeout': 'The conversation ended because no one spoke for a while.',
  'max-duration': 'The conversation reached its time limit.',
  'server-ended': 'The voice service ended the conversation.',
};

/** The notice for `reason` (custom `notices` first, then the defaults), or null for none. */
export function endNotice(
  reason: EndReason | null,
  notices?: Readonly<Partial<Record<EndReason, string>>>,
): string | null {
  if (reason === null) return null;
  return notices?.[reason] ?? DEFAULT_END_NOTICES[reason] ?? null;
}
