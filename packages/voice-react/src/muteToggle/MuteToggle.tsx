'use client';
import { forwardRef } from 'react';
import { useVoiceSnapshot } from '../hooks/useVoiceSnapshot';
import { useVoiceSessionEngine } from '../voiceSessionContext';
import { MuteToggleView, type MuteToggleViewProps } from './MuteToggleView';

export type MuteToggleProps = Omit<MuteToggleViewProps, 'muted'>;

/**
 * Mutes and unmutes the provider's session microphone (`session.setMuted`). Shows the
 * snapshot's `muted`, so it follows every mute, not only its own clicks, and the bot's own
 * mute of the user (`userMutedByBot`: pressed, disabled, "Muted by the assistant"). A click calls your
 * `onClick` first; `preventDefault()` there keeps the mic as it is. Works before a session
 * starts too: the session starts muted.
 *
 * @example
 * <MuteToggle className="icon-button" label="Mic" />
 */
export const MuteToggle = forwardRef<HTMLButtonElement, MuteToggleProps>(function MuteToggle(
  { onClick, ...rest },
  ref,
) {
  const session = useVoiceSessionEngine();
  const muted = useVoiceSnapshot((s) => s.muted);
  const mutedByBot = useVoiceSnapshot((s) => s.userMutedByBot);
  return (
    <MuteToggleView
      {...rest}
      ref={ref}
      muted={muted}
      mutedByBot={mutedByBot}
      onClick={(e) => {
        onClick?.(e);
        if (!e.defaultPrevented) session.setMuted(!muted);
      }}
    />
  );
});
