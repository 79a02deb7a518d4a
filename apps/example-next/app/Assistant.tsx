'use client';
import {
  AssistantButton,
  BotAudio,
  useSessionStatus,
  useTranscript,
  useVoiceEvent,
  useVoiceSessionEngine,
  type VoiceSessionOptions,
  VoiceSessionProvider,
} from '@parley/voice-react';
import { useEffect, useState } from 'react';
import { Avatar } from './Avatar';

function Transcript() {
  const transcript = useTranscript();
  return (
    <ol aria-label="Transcript" data-testid="transcript" className="mt-4 space-y-1">
      {transcript.map((entry) => (
        <li key={entry.id} data-role={entry.role} data-final={entry.final}>
          <b>{entry.role === 'bot' ? 'Assistant' : 'You'}:</b> {entry.text}
        </li>
      ))}
    </ol>
  );
}

/** The status, every status seen in order, and the error, for people and for the test. */
function Status() {
  const status = useSessionStatus();
  const session = useVoiceSessionEngine();
  const [seen, setSeen] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  useVoiceEvent('voice.status', ({ status: next }) => setSeen((s) => [...s, next]));
  useVoiceEvent('voice.error', ({ error: e }) => setError(`${e.code}: ${e.message}`));
  useEffect(
    () =>
      session.registerTool('get_weather', ({ args }) => ({
        city: typeof args.city === 'string' ? args.city : 'Paris',
        forecast: 'sunny, 21 °C',
      })),
    [session],
  );
  return (
    <div className="mt-4">
      <p data-testid="status" data-status={status} data-statuses={seen.join(',')}>
        Status: {status}
      </p>
      {error && (
        <p role="alert" data-testid="error">
          {error}
        </p>
      )}
    </div>
  );
}

async function mockOptions(): Promise<VoiceSessionOptions> {
  const { createMockBackend, createMockRoom } = await import('@parley/voice-core/testing');
  let audio: AudioContext | null = null;
  // The mock bot's voice: a quiet tone on a real track, so BotAudio has something to play.
  const audioTrack = (): MediaStreamTrack => {
    audio ??= new AudioContext();
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    const out = audio.createMediaStreamDestination();
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

const SERVER_OPTIONS: VoiceSessionOptions = { backend: { baseUrl: '/api/voice' } };

export function Assistant({ backend }: { backend: 'server' | 'mock' }) {
  const [options, setOptions] = useState<VoiceSessionOptions | null>(
    backend === 'server' ? SERVER_OPTIONS : null,
  );
  useEffect(() => {
    if (backend === 'mock') void mockOptions().then(setOptions);
  }, [backend]);
  if (!options) return <p>Loading the mock room…</p>;
  return (
    <VoiceSessionProvider options={options}>
      <Avatar />
      <AssistantButton />
      <BotAudio />
      <Status />
      <Transcript />
    </VoiceSessionProvider>
  );
}
