'use client';
import type { EndReason } from '@parley/voice-core';
import { endNotice } from '@parley/voice-core/ui';
import { forwardRef, type MouseEvent } from 'react';
import { hasBotAudio, preloadBotAudio } from '../botAudio/PlayerSlot';
import { useVoiceSnapshot } from '../hooks/useVoiceSnapshot';
import { useVoiceSessionEngine } from '../voiceSessionContext';
import { AssistantButtonView, type AssistantButtonViewProps } from './AssistantButtonView';
import { useWarningCountdown } from './useWarningCountdown';

export interface AssistantButtonProps
  extends Omit<AssistantButtonViewProps, 'state' | 'errorMessage' | 'endNotice'> {
  /**
   * What to announce when a conversation ends for a reason the user did not cause, per end
   * reason (partial: the rest keep `DEFAULT_END_NOTICES`).
   */
  endNotices?: Partial<Record<EndReason, string>>;
}

/**
 * The assistant button, wired to the provider's session: starts a conversation, ends it,
 * retries after an error. Double clicks never start two sessions (a click while connecting
 * does nothing), and hovering or focusing it preloads what the start will use: the session
 * runtime, daily-js (not when a `callFactory` is given) and, when a `BotAudio` is mounted,
 * its player chunk.
 * Re-renders on status changes only (plus once a second while a guard warning counts down).
 *
 * @example
 * <AssistantButton labels={{ inactive: 'Ask Pearl' }} className="btn" />
 */
export const AssistantButton = forwardRef<HTMLButtonElement, AssistantButtonProps>(
  function AssistantButton({ onClick, onPointerEnter, onFocus, endNotices, ...rest }, ref) {
    const session = useVoiceSessionEngine();
    const state = useVoiceSnapshot((s) => s.status);
    const errorMessage = useVoiceSnapshot((s) =>
      s.flags.isError ? (s.error?.message ?? null) : null,
    );
    const notice = useVoiceSnapshot((s) =>
      s.status === 'inactive' ? endNotice(s.endReason, endNotices) : null,
    );
    const countdownMs = useWarningCountdown();
    // Start intent: fetch what the start will use while the pointer is on its way — the
    // session runtime, daily-js unless a `callFactory` replaces it, and BotAudio's player
    // chunk (daily-react, which imports daily-js itself) only when a BotAudio is mounted.
    const preload = () => {
      session.preload();
      if (hasBotAudio(session)) void preloadBotAudio();
    };
    return (
      <AssistantButtonView
        {...rest}
        ref={ref}
        state={state}
        errorMessage={errorMessage}
        endNotice={notice}
        countdownMs={countdownMs}
        onPointerEnter={(e) => {
          onPointerEnter?.(e);
          if (!e.defaultPrevented) preload();
        }}
        onFocus={(e) => {
          onFocus?.(e);
          if (!e.defaultPrevented) preload();
        }}
        onClick={(e: MouseEvent<HTMLButtonElement>) => {
          // The user's handler first; it can cancel the default with preventDefault().
          onClick?.(e);
          if (!e.defaultPrevented) void session.toggle();
        }}
      />
    );
  },
);
