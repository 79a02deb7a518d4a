import { createVoiceSession } from '@parley/voice-core';
import { createMockBackend, createMockRoom } from '@parley/voice-core/testing';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, expect, it, vi } from 'vitest';
import { BotAudio } from '../botAudio/BotAudio';
import { VoiceSessionProvider } from '../VoiceSessionProvider';
import { AssistantButton } from './AssistantButton';

// Counts the real imports of daily-react and daily-js: a factory runs once, on first import.
const { loads, countDailyReact, countDailyJs } = await vi.hoisted(
  () => import('../../test/dailyLoads'),
);
vi.mock('@daily-co/daily-react', countDailyReact);
vi.mock('@daily-co/daily-js', countDailyJs);

const disposers: Array<() => void> = [];
afterEach(() => {
  cleanup();
  while (disposers.length) disposers.pop()?.();
});

/** A session that is never started: hovering its button is all that happens. */
function session(withFactory: boolean) {
  const room = createMockRoom();
  const backend = createMockBackend({ room });
  disposers.push(
    () => room.dispose(),
    () => backend.dispose(),
  );
  return createVoiceSession({
    backend: { baseUrl: backend.baseUrl, fetch: backend.fetch },
    ...(withFactory ? { callFactory: room.callFactory } : {}),
  });
}

/** Hovers and focuses the button, then waits for every import that started to finish. */
async function intend(): Promise<void> {
  const button = screen.getByRole('button');
  fireEvent.pointerEnter(button);
  fireEvent.focus(button);
  await vi.dynamicImportSettled();
}

// One test, in order: the module cache makes each import count once per file.
it('start intent preloads only what the start will use', async () => {
  // The mock's callFactory and no BotAudio: neither daily-js nor daily-react.
  render(
    <VoiceSessionProvider session={session(true)}>
      <AssistantButton />
    </VoiceSessionProvider>,
  );
  await intend();
  expect(loads).toMatchObject({ dailyJs: 0, dailyReact: 0 });
  cleanup();

  // No callFactory: the start will create a daily-js call, so daily-js (and only it) loads.
  render(
    <VoiceSessionProvider session={session(false)}>
      <AssistantButton />
    </VoiceSessionProvider>,
  );
  await intend();
  await vi.waitFor(() => expect(loads.dailyJs).toBe(1));
  expect(loads.dailyReact).toBe(0);
  cleanup();

  // A BotAudio is mounted: its player chunk (daily-react) will play the bot, so it loads.
  render(
    <VoiceSessionProvider session={session(true)}>
      <AssistantButton />
      <BotAudio />
    </VoiceSessionProvider>,
  );
  await intend();
  // Only daily-react is counted here: daily-js came in the step above, and where daily-react
  // is inlined (the react18 project) vitest has been seen to load it once more through it.
  await vi.waitFor(() => expect(loads.dailyReact).toBe(1));
});
