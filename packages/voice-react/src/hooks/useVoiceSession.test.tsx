import { render, screen } from '@testing-library/react';
import { act, StrictMode } from 'react';
import { describe, expect, it } from 'vitest';
import { advance, mockSessionPerTest, settle } from '../../test/mockSession';
import { VoiceSessionProvider } from '../VoiceSessionProvider';
import { type UseVoiceSessionReturn, useVoiceSession } from './useVoiceSession';
import { useVoiceSessionContext } from './useVoiceSessionContext';

// Levels at ~60 Hz, as a real call would sample them for an avatar.
const setup = mockSessionPerTest({ session: { audio: { levelIntervalMs: 16 } } });

/** A component written against a `useVapi`-style hook, unchanged. */
function VapiStyleComponent({ onRender }: { onRender: (v: UseVoiceSessionReturn) => void }) {
  const { sessionStatus, isSpeaking, audioLevel, transcript, messages, toggleSession } =
    useVoiceSession();
  onRender({
    sessionStatus,
    isSpeaking,
    audioLevel,
    transcript,
    messages,
  } as UseVoiceSessionReturn);
  return (
    <div>
      <button type="button" onClick={toggleSession}>
        {sessionStatus}
      </button>
      <p data-testid="speaking">{isSpeaking ? 'speaking' : 'quiet'}</p>
      <p data-testid="level">{audioLevel.toFixed(2)}</p>
      <p data-testid="transcript">{transcript?.text ?? ''}</p>
      <ul>
        {messages.map((m) => (
          <li key={m.id}>{`${m.role}: ${m.content}`}</li>
        ))}
      </ul>
    </div>
  );
}

describe('useVoiceSession (the VAPI-compatible shape)', () => {
  it('runs a full mock conversation: statuses in order, transcript, messages, bot speech', async () => {
    const seen: UseVoiceSessionReturn[] = [];
    render(
      <StrictMode>
        <VoiceSessionProvider session={setup.session}>
          <VapiStyleComponent onRender={(v) => seen.push(v)} />
        </VoiceSessionProvider>
      </StrictMode>,
    );
    act(() => screen.getByRole('button').click());
    await advance(14_000);

    const statuses = seen.map((v) => v.sessionStatus).filter((s, i, a) => s !== a[i - 1]);
    expect(statuses).toEqual(['inactive', 'connecting', 'active', 'disconnecting', 'inactive']);
    // The bot spoke (twice) and its level rose while it did.
    expect(seen.some((v) => v.isSpeaking && v.audioLevel > 0.1)).toBe(true);
    const interims = seen
      .map((v) => v.transcript)
      .filter((t) => t?.role === 'user' && !t.final)
      .map((t) => t?.text);
    expect(new Set(interims).size).toBeGreaterThanOrEqual(2);
    const messages = seen.at(-1)?.messages.map((m) => `${m.role}: ${m.content}`);
    expect(messages).toEqual([
      'user: What is the weather like in Paris today?',
      'assistant: It is sunny in Paris. The high is twenty-one degrees.',
      'user: Great, thanks. Goodbye!',
      'assistant: You are welcome. Goodbye!',
    ]);
    expect(screen.getAllByRole('listitem')).toHaveLength(4);
    expect(setup.session.getSnapshot().endReason).toBe('user-goodbye');
  });

  it('re-renders only for the fields it reads: a status-only reader ignores 60 Hz levels', async () => {
    let statusRenders = 0;
    let levelRenders = 0;
    const rendered: string[] = [];
    function StatusOnly() {
      statusRenders++;
      const status = useVoiceSession().sessionStatus;
      rendered.push(status);
      return <span>{status}</span>;
    }
    function LevelReader() {
      levelRenders++;
      return <span>{useVoiceSession().audioLevel}</span>;
    }
    render(
      <VoiceSessionProvider session={setup.session}>
        <StatusOnly />
        <LevelReader />
      </VoiceSessionProvider>,
    );
    act(() => {
      void setup.session.start();
    });
    await advance(6000);
    expect(setup.session.getSnapshot().status).toBe('active');
    // mount + connecting + active
    expect(rendered).toEqual(['inactive', 'connecting', 'active']);
    expect(statusRenders).toBe(3);
    expect(levelRenders).toBeGreaterThan(20); // the bot's answer moved its level
    await settle(setup.session.stop());
  });

  it('useVoiceSessionContext returns the VAPI-compatible context shape (the SpeechProvider drop-in)', async () => {
    let ctx: ReturnType<typeof useVoiceSessionContext> | null = null;
    function Consumer() {
      ctx = useVoiceSessionContext();
      return null;
    }
    render(
      <VoiceSessionProvider session={setup.session}>
        <Consumer />
      </VoiceSessionProvider>,
    );
    expect(ctx).toMatchObject({
      sessionStatus: 'inactive',
      isAssistantSpeaking: false,
      isUserSpeaking: false,
      audioLevel: 0,
      transcript: null,
      messages: [],
    });
    await act(() => {
      void ctx?.startSession();
    });
    await advance(1500);
    expect(ctx).toMatchObject({ sessionStatus: 'active' });
    act(() => ctx?.sendMessage('Hello there'));
    await advance(200);
    expect(setup.room.bot.receivedText).toContain('Hello there');
    act(() => ctx?.toggleSession());
    await advance(3000);
    expect(ctx).toMatchObject({ sessionStatus: 'inactive' });
  });
});
