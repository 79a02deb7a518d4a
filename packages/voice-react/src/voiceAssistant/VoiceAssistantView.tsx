'use client';
import type { SessionStatus, TranscriptEntry, VoiceState } from '@parley/voice-core';
import { forwardRef, type HTMLAttributes, type ReactNode } from 'react';
import { AssistantButtonView } from '../assistantButton/AssistantButtonView';
import { MuteToggleView } from '../muteToggle/MuteToggleView';
import { TranscriptView } from '../transcript/TranscriptView';
import { VoiceVisualizerView } from '../visualizer/VoiceVisualizerView';
import { VoiceStatusView } from '../voiceStatus/VoiceStatusView';
import { AssistantFrame } from './AssistantFrame';

export interface VoiceAssistantViewProps extends HTMLAttributes<HTMLElement> {
  /** The session status. */
  status: SessionStatus;
  /** The turns so far. Default none. */
  transcript?: readonly TranscriptEntry[];
  /** The bot's level, 0–1, for the visualizer. Default 0. */
  level?: number;
  /** The bot's voice state. Default `'silent'`. */
  voiceState?: VoiceState;
  /** The microphone is muted. Default false. */
  muted?: boolean;
  /** The error's message (shown in `unavailable`). */
  errorMessage?: string | null;
  /** What the user can do about the error. */
  retryHint?: string | null;
  /** Ms left before a guard ends the session. */
  countdownMs?: number | null;
  /** Replaces the visualizer (e.g. a `RiveAvatar`). */
  avatar?: ReactNode;
  /** Accessible name of the region. Default "Voice assistant". */
  label?: string;
  /** Called when the main button is pressed (start, end or retry). */
  onToggle?: () => void;
  /** Called when the mute toggle is pressed, with the mute wanted. */
  onMuteChange?: (muted: boolean) => void;
}

/**
 * The whole widget as a pure view: visualizer (or your avatar), assistant button, mute toggle,
 * status line and transcript, from plain props. For Storybook and custom wiring; the
 * connected one is `VoiceAssistant`.
 *
 * Parts: root `data-parley="assistant"` (a labelled `section`) with `data-state` (the status);
 * `data-part="visual"`, `data-part="controls"`; inside them each component's own parts.
 */
export const VoiceAssistantView = forwardRef<HTMLElement, VoiceAssistantViewProps>(
  function VoiceAssistantView(props, ref) {
    const {
      status,
      transcript = [],
      level = 0,
      voiceState = 'silent',
      muted = false,
      errorMessage,
      retryHint,
      countdownMs,
      avatar,
      label = 'Voice assistant',
      onToggle,
      onMuteChange,
      ...rest
    } = props;
    return (
      <AssistantFrame
        {...rest}
        ref={ref}
        status={status}
        label={label}
        visual={avatar ?? <VoiceVisualizerView level={level} voiceState={voiceState} />}
        button={
          <AssistantButtonView
            state={status}
            errorMessage={errorMessage}
            countdownMs={countdownMs}
            onClick={onToggle}
          />
        }
        mute={<MuteToggleView label="Mute" muted={muted} onClick={() => onMuteChange?.(!muted)} />}
        statusLine={
          <VoiceStatusView
            status={status}
            errorMessage={errorMessage}
            retryHint={retryHint}
            countdownMs={countdownMs}
          />
        }
        transcript={<TranscriptView entries={transcript} empty="The conversation shows here." />}
      />
    );
  },
);
