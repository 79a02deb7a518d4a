'use client';
import type { EndReason } from '@parley/voice-core';
import { endNotice, retryHint } from '@parley/voice-core/ui';
import { forwardRef } from 'react';
import { useWarningCountdown } from '../assistantButton/useWarningCountdown';
import { useVoiceSnapshot } from '../hooks/useVoiceSnapshot';
import { VoiceStatusView, type VoiceStatusViewProps } from './VoiceStatusView';

export interface VoiceStatusProps
  extends Omit<
    VoiceStatusViewProps,
    'status' | 'errorMessage' | 'retryHint' | 'countdownMs' | 'endNotice'
  > {
  /** Why-it-ended notices per end reason (partial: the rest keep `DEFAULT_END_NOTICES`). */
  endNotices?: Partial<Record<EndReason, string>>;
}

/**
 * The provider's session status, its error (message and retry hint, visible) and the guard's
 * warning countdown. Re-renders on status or error changes (and once a second while a warning
 * counts down). See `VoiceStatusView` for its parts.
 *
 * @example
 * <VoiceStatus texts={{ active: 'Pearl is listening' }} />
 */
export const VoiceStatus = forwardRef<HTMLDivElement, VoiceStatusProps>(function VoiceStatus(
  { endNotices, ...props },
  ref,
) {
  const status = useVoiceSnapshot((s) => s.status);
  const notice = useVoiceSnapshot((s) =>
    s.status === 'inactive' ? endNotice(s.endReason, endNotices) : null,
  );
  const error = useVoiceSnapshot((s) => (s.flags.isError ? s.error : null));
  return (
    <VoiceStatusView
      {...props}
      ref={ref}
      status={status}
      errorMessage={error?.message ?? null}
      retryHint={error ? retryHint(error) : null}
      countdownMs={useWarningCountdown()}
      endNotice={notice}
    />
  );
});
