'use client';
import { forwardRef } from 'react';
import { useTranscript } from '../hooks/useSessionStatus';
import { TranscriptView, type TranscriptViewProps } from './TranscriptView';

export type TranscriptProps = Omit<TranscriptViewProps, 'entries'>;

/**
 * The provider's session transcript: user turns (interim ones styled as interim, replaced by
 * their finals) and bot turns revealed as they are spoken. Re-renders on transcript changes
 * only. See `TranscriptView` for its parts.
 *
 * @example
 * <Transcript className="chat" empty="Say hello to start." />
 */
export const Transcript = forwardRef<HTMLDivElement, TranscriptProps>(
  function Transcript(props, ref) {
    return <TranscriptView {...props} ref={ref} entries={useTranscript()} />;
  },
);
