'use client';
import { type ButtonState, DEFAULT_ANNOUNCEMENTS } from '@parley/voice-core/ui';
import { useRef } from 'react';

/** Hidden from sight, still read by assistive technology. */
export const visuallyHidden = {
  position: 'absolute',
  width: 1,
  height: 1,
  margin: -1,
  padding: 0,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
  border: 0,
} as const;

export interface StatusAnnouncerProps {
  state: ButtonState;
  /** What to say per state (partial: the rest keep the defaults). */
  announcements: Partial<Record<ButtonState, string>> | undefined;
  /** Said after the state's announcement (the error's message in `unavailable`). */
  detail: string | null;
}

/**
 * The polite live region beside the button. It announces changes, not the state the button
 * was mounted in, so a page that loads with the button says nothing.
 */
export function StatusAnnouncer({ state, announcements, detail }: StatusAnnouncerProps) {
  // Idempotent, so a double render in StrictMode decides the same.
  const first = useRef<{ state: ButtonState; changed: boolean }>({ state, changed: false });
  if (state !== first.current.state) first.current.changed = true;
  const announcement = first.current.changed
    ? [announcements?.[state] ?? DEFAULT_ANNOUNCEMENTS[state], detail].filter(Boolean).join(' ')
    : '';
  return (
    <span role="status" aria-live="polite" aria-atomic="true" style={visuallyHidden}>
      {announcement}
    </span>
  );
}
