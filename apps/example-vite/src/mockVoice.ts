import type { VoiceSessionOptions } from '@parley/voice-react';
import { createMockBackend, createMockRoom } from '@parley/voice-core/testing';

/**
 * Session options over Parley's mock room: a mock backend, a mock Daily call and a mock bot
 * that speaks real RTVI. The bot's audio is a real track (a quiet tone from Web Audio), so
 * `BotAudio` plays something a browser can hear and measure.
 */
export function createMockSessionOptions(): VoiceSessionOptions {
  let audio: AudioContext | null = null;
  /** A new track for every join (the bot leaves with its track). */
  const audioTrack = (): MediaStreamTrack => {
    audio ??= new AudioContext();
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    const out = audio.createMediaStreamDestination();
    tone.frequency.value = 440;
    gain.gain.value = 0.2;
    tone.connect(gain).connect(out);
    tone.start();
    const [track] = out.stream.getAudioTracks();
    if (!track) throw new Error('Web Audio gave no track');
    return track;
  };
  const room = createMockRoom({ bot: { mode: 'happy', audioTrack } });
  const backend = createMockBackend({ room });
  return {
    backend: { baseUrl: backend.baseUrl, fetch: backend.fetch },
    callFactory: room.callFactory,
  };
}
