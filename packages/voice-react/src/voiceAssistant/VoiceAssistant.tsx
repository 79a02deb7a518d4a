'use client';
import { forwardRef, type HTMLAttributes, type ReactNode } from 'react';
import { AssistantButton } from '../assistantButton/AssistantButton';
import { BotAudio } from '../botAudio/BotAudio';
import { useSessionStatus } from '../hooks/useSessionStatus';
import { MuteToggle } from '../muteToggle/MuteToggle';
import { Transcript } from '../transcript/Transcript';
import { VoiceVisualizer } from '../visualizer/VoiceVisualizer';
import { VoiceStatus } from '../voiceStatus/VoiceStatus';
import { AssistantFrame } from './AssistantFrame';

export interface VoiceAssistantProps extends HTMLAttributes<HTMLElement> {
  /** Replaces the visualizer, e.g. `<RiveAvatar …/>` from `@parley/voice-react/rive`. */
  avatar?: ReactNode;
  /** Accessible name of the region. Default "Voice assistant". */
  label?: string;
  /** Shown in the transcript before the first turn. Default "The conversation shows here." */
  emptyTranscript?: ReactNode;
}

/**
 * A voice widget in one line, inside a `VoiceSessionProvider`: the bot's visualizer (or your
 * avatar), the assistant button, the mute toggle, the status with errors and countdowns, the
 * transcript, and the bot's audio (`BotAudio`). Each part re-renders on its own slice of the
 * snapshot only. Compose the parts yourself for any other layout.
 *
 * @example
 * <VoiceSessionProvider session={session}>
 *   <VoiceAssistant />
 * </VoiceSessionProvider>
 */
export const VoiceAssistant = forwardRef<HTMLElement, VoiceAssistantProps>(function VoiceAssistant(
  { avatar, label = 'Voice assistant', emptyTranscript, ...rest },
  ref,
) {
  return (
    <AssistantFrame
      {...rest}
      ref={ref}
      status={useSessionStatus()}
      label={label}
      visual={avatar ?? <VoiceVisualizer />}
      button={<AssistantButton />}
      mute={<MuteToggle label="Mute" />}
      statusLine={<VoiceStatus />}
      transcript={<Transcript empty={emptyTranscript ?? 'The conversation shows here.'} />}
      audio={<BotAudio data-parley="bot-audio" />}
    />
  );
});
