import type { ReactNode } from 'react';
import type { ButtonState } from '@parley/voice-core/ui';

/** A 24×24 stroke icon sized to the text, hidden from assistive technology (`data-part="icon"`). */
export const strokeIcon = (children: ReactNode, spin = false) => (
  <svg
    aria-hidden="true"
    focusable="false"
    width="1em"
    height="1em"
    viewBox="0 0 24 24"
    fill="none"
    stroke="currentColor"
    strokeWidth="2"
    strokeLinecap="round"
    strokeLinejoin="round"
    data-part="icon"
    data-spin={spin ? '' : undefined}
  >
    {children}
  </svg>
);

const mic = (
  <>
    <rect x="9" y="3" width="6" height="11" rx="3" />
    <path d="M5 11a7 7 0 0 0 14 0M12 18v3" />
  </>
);
const spinner = strokeIcon(<path d="M21 12a9 9 0 1 1-6.2-8.56" />, true);

/** The default icon per state (decorative: the label names the action). */
export const DEFAULT_ICONS: Readonly<Record<ButtonState, ReactNode>> = {
  inactive: strokeIcon(mic),
  connecting: spinner,
  active: strokeIcon(<rect x="6" y="6" width="12" height="12" rx="2" />),
  paused: strokeIcon(<path d="M9 5v14M15 5v14" />),
  disconnecting: spinner,
  unavailable: strokeIcon(<path d="M3 12a9 9 0 1 0 3-6.7M3 4v5h5" />),
};
