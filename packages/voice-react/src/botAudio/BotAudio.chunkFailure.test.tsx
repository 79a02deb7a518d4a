import { act, render } from '@testing-library/react';
import { Component, type ReactNode } from 'react';
import { afterEach, expect, it, vi } from 'vitest';
import { VoiceSessionContext } from '../voiceSessionContext';
import { BotAudio } from './BotAudio';
import { preloadBotAudio } from './PlayerSlot';
import { type BotAudioFixture, createBotAudioFixture } from '../../test/botAudio/botAudioFixture';

// The player chunk fails to download (offline, a deploy removed it…).
vi.mock('./BotAudioPlayer', () => {
  throw new Error('Failed to fetch dynamically imported module: BotAudioPlayer.js');
});

class Boundary extends Component<{ children: ReactNode; onError: (e: unknown) => void }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override componentDidCatch(error: unknown) {
    this.props.onError(error);
  }
  override render() {
    return this.state.failed ? 'boundary' : this.props.children;
  }
}

const fixtures: BotAudioFixture[] = [];
afterEach(async () => {
  while (fixtures.length) await fixtures.pop()?.dispose();
});

it('a chunk that fails to load renders nothing and throws nothing into render; preload never rejects', async () => {
  await expect(preloadBotAudio()).resolves.toBeUndefined();
  const f = createBotAudioFixture();
  fixtures.push(f);
  const errors: unknown[] = [];
  const { container, unmount } = render(
    <Boundary onError={(e) => errors.push(e)}>
      <VoiceSessionContext.Provider value={f.session}>
        <BotAudio />
      </VoiceSessionContext.Provider>
    </Boundary>,
  );
  await act(() => f.startActive());
  await act(() => new Promise((r) => setTimeout(r, 50)));
  expect(errors).toEqual([]);
  expect(container.innerHTML).toBe('');
  expect(f.session.getSnapshot()).toMatchObject({ status: 'active', playback: 'idle' });
  unmount();
});
