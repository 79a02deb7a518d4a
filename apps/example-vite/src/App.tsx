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

/** What the page reports to its test: every status, in order, in a data attribute. */
function StatusLog() {
  const status = useSessionStatus();
  const [seen, setSeen] = useState<string[]>([]);
  useVoiceEvent('voice.status', ({ status: next }) => setSeen((s) => [...s, next]));
  return (
    <p data-testid="status" data-status={status} data-statuses={seen.join(',')}>
      Status: {status}
    </p>
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
        <AssistantButton />
        <BotAudio />
        <StatusLog />
        <Transcript />
      </VoiceSessionProvider>
    </main>
  );
}
