'use client';
import type { SessionStatus } from '@parley/voice-core';
import { DEFAULT_STATUS_TEXT, formatCountdown } from '@parley/voice-core/ui';
import { forwardRef, type HTMLAttributes, type ReactNode } from 'react';

export interface VoiceStatusViewProps extends HTMLAttributes<HTMLDivElement> {
  /** The session status to show. */
  status: SessionStatus;
  /** Text per status (partial: the rest keep the defaults). */
  texts?: Partial<Record<SessionStatus, ReactNode>>;
  /** The error's message, shown in `unavailable`. */
  errorMessage?: string | null;
  /** What the user can do about the error (e.g. `retryHint(error)`), shown under the message. */
  retryHint?: string | null;
  /** Ms left before a guard ends the session; shows "Ends in m:ss" while set. */
  countdownMs?: number | null;
  /** Why the last conversation ended (e.g. `endNotice(reason)`), shown in `inactive`. */
  endNotice?: string | null;
}

/**
 * The session's status line as a pure view: the status, and — visibly, not only to screen
 * readers — the error's message with its retry hint, or the warning countdown. Not a live
 * region (the assistant button announces changes), so two components never announce twice.
 *
 * Parts: root `data-parley="status"` with `data-state` (the status) and `data-warning` while a
 * countdown runs; `data-part="indicator"` (a dot), `data-part="text"`, `data-part="countdown"`,
 * `data-part="notice"` (why the last conversation ended), `data-part="error"`, `data-part="hint"`.
 */
export const VoiceStatusView = forwardRef<HTMLDivElement, VoiceStatusViewProps>(
  function VoiceStatusView(
    { status, texts, errorMessage, retryHint, countdownMs, endNotice, ...rest },
    ref,
  ) {
    const error = status === 'unavailable' ? errorMessage : null;
    const notice = status === 'inactive' ? endNotice : null;
    return (
      <div
        {...rest}
        ref={ref}
        data-parley="status"
        data-state={status}
        data-warning={countdownMs != null ? '' : undefined}
      >
        <span data-part="indicator" aria-hidden="true" />
        <span data-part="text">{texts?.[status] ?? DEFAULT_STATUS_TEXT[status]}</span>
        {countdownMs != null && (
          <span data-part="countdown">Ends in {formatCountdown(countdownMs)}</span>
        )}
        {notice && <span data-part="notice">{notice}</span>}
        {error && <span data-part="error">{error}</span>}
        {error && retryHint && <span data-part="hint">{retryHint}</span>}
      </div>
    );
  },
);
