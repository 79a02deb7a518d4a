'use client';
import type { DailyAudioTrack } from '@daily-co/daily-react';
import type { Playback } from '@parley/voice-core';
import {
  type ComponentProps,
  type RefObject,
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import { useVoiceSessionEngine } from '../voiceSessionContext';
import type { BotAudioStatus } from './botAudioTypes';

/** daily-react's play failure (its type is not exported from the package root). */
type PlayFailure = Parameters<
  NonNullable<ComponentProps<typeof DailyAudioTrack>['onPlayFailed']>
>[0];

const TO_PLAYBACK: Record<BotAudioStatus, Playback> = {
  idle: 'idle',
  playing: 'playing',
  audioBlocked: 'blocked',
  failed: 'failed',
};

export interface BotPlayback {
  status: BotAudioStatus;
  audioRef: RefObject<HTMLAudioElement | null>;
  /** For `DailyAudioTrack`'s `onPlayFailed`: stable, so daily-react does not reload the track. */
  onPlayFailed: (failure: PlayFailure) => void;
  /** Media event handlers for the `<audio>` element. */
  onPlaying: () => void;
  onStopped: () => void;
  enableAudio: () => void;
}

const isAutoplayRefusal = (error: unknown): boolean =>
  typeof error === 'object' &&
  error !== null &&
  (error as { name?: unknown }).name === 'NotAllowedError';

/**
 * The playback status of the bot's `<audio>` element, from its own events and daily-react's
 * play failures, reported to the session (`reportPlayback`) and to `onPlaybackChange`.
 * `NotAllowedError` is the autoplay policy; other failures (an `AbortError` when the track is
 * swapped mid-play) leave the status alone: daily-react plays again on the next track.
 */
export function useBotPlayback(
  participantId: string | null,
  onPlaybackChange: ((status: BotAudioStatus) => void) | undefined,
): BotPlayback {
  const session = useVoiceSessionEngine();
  const [status, setStatus] = useState<BotAudioStatus>('idle');
  const audioRef = useRef<HTMLAudioElement | null>(null);
  const onChange = useRef(onPlaybackChange);
  const reported = useRef<BotAudioStatus>('idle');

  const onPlayFailed = useCallback((failure: PlayFailure) => {
    if (isAutoplayRefusal(failure)) setStatus('audioBlocked');
  }, []);
  const onPlaying = useCallback(() => setStatus('playing'), []);
  // A blocked element that still holds the bot's stream stays blocked: it needs the tap.
  const onStopped = useCallback(() => {
    const element = audioRef.current;
    setStatus((prev) => (prev === 'audioBlocked' && element?.srcObject ? prev : 'idle'));
  }, []);
  const enableAudio = useCallback(() => {
    const element = audioRef.current;
    if (!element) return;
    // play() is called here, synchronously inside the gesture's handler, or it is refused again.
    element.play().then(
      () => setStatus('playing'),
      (error: unknown) => {
        if (isAutoplayRefusal(error)) setStatus('audioBlocked');
      },
    );
  }, []);

  // No bot in the room: nothing to play, nothing blocked.
  useEffect(() => {
    if (participantId === null) setStatus('idle');
  }, [participantId]);

  // Layout effects: the snapshot's `playback` changes in the same commit as `data-status`, so
  // no reader ever sees the two disagree. (The player never renders on the server.)
  useLayoutEffect(() => {
    onChange.current = onPlaybackChange;
  });
  useLayoutEffect(() => {
    session.reportPlayback(TO_PLAYBACK[status]);
    if (reported.current === status) return;
    reported.current = status;
    onChange.current?.(status);
  }, [session, status]);
  useLayoutEffect(
    () => () => {
      session.reportPlayback('idle');
      if (reported.current === 'idle') return;
      reported.current = 'idle';
      onChange.current?.('idle');
    },
    [session],
  );

  return { status, audioRef, onPlayFailed, onPlaying, onStopped, enableAudio };
}
