import {
  AssistantButton,
  BotAudio,
  useSessionStatus,
  useTranscript,
  useVoiceEvent,
  useVoiceSessionEngine,
  VoiceSessionProvider,
} from '@parley/voice-react';
import { useEffect, useState } from 'react';
import { Avatar } from './Avatar';
import { createMockSessionOptions } from './mockVoice';

/** The conversation so far: final and interim turns of both sides. */
function Transcript() {
  const transcript = useTranscript();
  return (
    <ol aria-label="Transcript" data-testid="transcript">
      {transcript.map((entry) => (
        <li key={entry.id} data-role={entry.role} data-final={entry.final}>
          <b>{entry.role === 'bot' ? 'Assistant' : 'You'}:</b> {entry.text}
        </li>
      ))}
    </ol>
  );
}

/** What the page reports to its test: every status, in order, in a data attribute; every error. */
function StatusLog() {
  const status = useSessionStatus();
  const [seen, setSeen] = useState<string[]>([]);
  const [errors, setErrors] = useState<string[]>([]);
  useVoiceEvent('voice.status', ({ status: next }) => setSeen((s) => [...s, next]));
  useVoiceEvent('voice.error', ({ error }) =>
    setErrors((e) => [...e, `${error.code}: ${error.message}`]),
  );
  return (
    <>
      <p data-testid="status" data-status={status} data-statuses={seen.join(',')}>
        Status: {status}
      </p>
      {errors.map((text, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: an append-only log
        <p key={i} role="alert" data-testid="error">
          {text}
        </p>
      ))}
    </>
  );
}

/** The bot's `get_weather` tool, answered in the page. */
function WeatherTool() {
  const session = useVoiceSessionEngine();
  useEffect(
    () =>
      session.registerTool('get_weather', ({ args }) => ({
        city: typeof args.city === 'string' ? args.city : 'Paris',
        forecast: 'sunny, 21 °C',
      })),
    [session],
  );
  return null;
}

export default function App() {
  // The mock room (no keys, no network); a real app passes `{ backend: { baseUrl: '/api/voice' } }`.
  const [options] = useState(createMockSessionOptions);
  return (
    <main>
      <h1>Parley on Vite</h1>
      <VoiceSessionProvider options={options}>
        <WeatherTool />
        <Avatar />
        <AssistantButton />
        <BotAudio />
        <StatusLog />
        <Transcript />
      </VoiceSessionProvider>
    </main>
  );
}
