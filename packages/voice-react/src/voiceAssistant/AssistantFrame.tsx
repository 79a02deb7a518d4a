'use client';
import { forwardRef, type HTMLAttributes, type ReactNode } from 'react';

/** The composite's slots; the view and the connected component fill them differently. */
export interface AssistantFrameProps extends HTMLAttributes<HTMLElement> {
  status: string;
  label: string;
  visual: ReactNode;
  button: ReactNode;
  mute: ReactNode;
  statusLine: ReactNode;
  transcript: ReactNode;
  audio?: ReactNode;
}

/** The one layout of `VoiceAssistant` and `VoiceAssistantView`: a labelled region. */
export const AssistantFrame = forwardRef<HTMLElement, AssistantFrameProps>(function AssistantFrame(
  { status, label, visual, button, mute, statusLine, transcript, audio, ...rest },
  ref,
) {
  return (
    <section aria-label={label} {...rest} ref={ref} data-parley="assistant" data-state={status}>
      <div data-part="visual">{visual}</div>
      <div data-part="controls">
        {button}
        {mute}
      </div>
      {statusLine}
      {transcript}
      {audio}
    </section>
  );
});
