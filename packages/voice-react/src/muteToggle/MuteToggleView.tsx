'use client';
import { type ButtonHTMLAttributes, forwardRef, type ReactNode } from 'react';
import { strokeIcon } from '../assistantButton/buttonIcons';

export interface MuteToggleViewProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  /** The microphone is muted: the button is pressed. */
  muted: boolean;
  /**
   * The bot muted the user (its mute strategies, server side): shown as muted, with `reason`,
   * and disabled — a press could not unmute over the bot. Default false.
   */
  mutedByBot?: boolean;
  /** Visible label (also the accessible name; it stays the same whatever `muted` is, as a toggle's name must). Default "Mute microphone". */
  label?: ReactNode;
  /** Shown while `mutedByBot`. Default "Muted by the assistant". */
  reason?: ReactNode;
}

const path = (muted: boolean) =>
  muted ? (
    <>
      <path d="M9 9v2a3 3 0 0 0 5.1 2.1M15 9.3V6a3 3 0 0 0-5.7-1.3" />
      <path d="M5 11a7 7 0 0 0 11.5 5.4M19 11a7 7 0 0 1-.6 2.8M12 18v3M3 3l18 18" />
    </>
  ) : (
    <>
      <rect x="9" y="3" width="6" height="11" rx="3" />
      <path d="M5 11a7 7 0 0 0 14 0M12 18v3" />
    </>
  );

/**
 * The microphone toggle as a pure view: one `<button>` with `aria-pressed` (pressed = muted),
 * its state as `data-state="muted" | "unmuted"`, a constant accessible name, an icon that
 * shows the state. Ref forwarded, rest props spread.
 *
 * Parts: root `data-parley="mute-toggle"` with `data-state` and `data-muted-by`
 * (`user | bot`); `data-part="icon"`, `data-part="label"`, `data-part="reason"`.
 */
export const MuteToggleView = forwardRef<HTMLButtonElement, MuteToggleViewProps>(
  function MuteToggleView({ muted, mutedByBot = false, label, reason, disabled, ...rest }, ref) {
    const off = muted || mutedByBot;
    return (
      <button
        type="button"
        {...rest}
        ref={ref}
        disabled={disabled ?? mutedByBot}
        aria-pressed={off}
        data-parley="mute-toggle"
        data-state={off ? 'muted' : 'unmuted'}
        data-muted-by={mutedByBot ? 'bot' : muted ? 'user' : undefined}
      >
        {strokeIcon(path(off))}
        <span data-part="label">{label ?? 'Mute microphone'}</span>
        {mutedByBot && <span data-part="reason">{reason ?? 'Muted by the assistant'}</span>}
      </button>
    );
  },
);
