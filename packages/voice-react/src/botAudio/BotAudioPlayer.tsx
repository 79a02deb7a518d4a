'use client';
import type { DailyCall } from '@daily-co/daily-js';
import { DailyAudioTrack, DailyProvider } from '@daily-co/daily-react';
import type { VoiceCall, VoiceSnapshot } from '@parley/voice-core';
import { forwardRef, type ReactNode } from 'react';
import { useVoiceSnapshot } from '../hooks/useVoiceSnapshot';
import type { AudioDevices, BotAudioProps } from './botAudioTypes';
import { useAudioDevices } from './useAudioDevices';
import { useBotPlayback } from './useBotPlayback';

export interface BotAudioPlayerProps extends BotAudioProps {
  /** The session's live call object (`session.getCall()`). */
  call: VoiceCall;
}

const selectBotParticipantId = (s: VoiceSnapshot) => s.bot.participantId;

function DevicesSlot({ render }: { render: (devices: AudioDevices) => ReactNode }) {
  return <>{render(useAudioDevices())}</>;
}

/**
 * The lazily loaded half of `BotAudio` (this module is the chunk that brings daily-react and
 * daily-js): daily-react's provider over the session's call object, the bot's audio track,
 * and the "tap to enable audio" button while autoplay is blocked.
 */
const BotAudioPlayer = forwardRef<HTMLDivElement, BotAudioPlayerProps>(function BotAudioPlayer(
  {
    call,
    blockedLabel = 'Tap to enable audio',
    renderBlocked,
    renderDevices,
    onPlaybackChange,
    ...rest
  },
  ref,
) {
  const participantId = useVoiceSnapshot(selectBotParticipantId);
  const playback = useBotPlayback(participantId, onPlaybackChange);
  const { status, enableAudio } = playback;
  return (
    <div {...rest} ref={ref} data-status={status}>
      {/* VoiceCall is the part of DailyCall the engine uses; daily-react calls no more of it. */}
      <DailyProvider callObject={call as DailyCall}>
        {participantId !== null && (
          <DailyAudioTrack
            key={participantId}
            ref={playback.audioRef}
            sessionId={participantId}
            onPlayFailed={playback.onPlayFailed}
            onPlaying={playback.onPlaying}
            onPause={playback.onStopped}
            onEmptied={playback.onStopped}
            onEnded={playback.onStopped}
          />
        )}
        {renderDevices ? <DevicesSlot render={renderDevices} /> : null}
      </DailyProvider>
      {status === 'audioBlocked' &&
        (renderBlocked ? (
          renderBlocked({ enableAudio, label: blockedLabel })
        ) : (
          <button type="button" onClick={enableAudio}>
            {blockedLabel}
          </button>
        ))}
    </div>
  );
});

export default BotAudioPlayer;
