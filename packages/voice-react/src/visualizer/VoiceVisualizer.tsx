'use client';
import { forwardRef, useImperativeHandle, useRef } from 'react';
import { pickLevel, useVoiceState } from '../hooks/useAudioLevel';
import { usePrefersReducedMotion } from '../hooks/usePrefersReducedMotion';
import { useVoiceSessionEngine } from '../voiceSessionContext';
import { useBarAnimation } from './useBarAnimation';
import { VoiceVisualizerView, type VoiceVisualizerViewProps } from './VoiceVisualizerView';

export type VoiceVisualizerProps = Omit<VoiceVisualizerViewProps, 'level' | 'voiceState'>;

/**
 * Bars for the bot's (default) or the user's level, from the session's level channel. The
 * bars move in an animation frame loop that writes CSS variables: no React render per frame
 * (React re-renders only when the voice state `silent | noise | speaking` changes). Under
 * `prefers-reduced-motion` the bars stand still and only the state (`data-state`) changes.
 * See `VoiceVisualizerView` for its parts.
 *
 * @example
 * <VoiceVisualizer who="bot" barCount={7} />
 */
export const VoiceVisualizer = forwardRef<HTMLDivElement, VoiceVisualizerProps>(
  function VoiceVisualizer({ who = 'bot', barCount = 5, ...rest }, ref) {
    const session = useVoiceSessionEngine();
    const root = useRef<HTMLDivElement>(null);
    useImperativeHandle(ref, () => root.current as HTMLDivElement);
    const still = usePrefersReducedMotion();
    useBarAnimation(root, session.levels, pickLevel[who], barCount, still);
    return (
      <VoiceVisualizerView
        {...rest}
        ref={root}
        who={who}
        barCount={barCount}
        voiceState={useVoiceState(who)}
      />
    );
  },
);
