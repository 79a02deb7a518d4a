import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createVoiceSession, type VoiceSession } from '@parley/voice-core';
import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { VoiceSessionContext } from '../voiceSessionContext';
import { BotAudio } from './BotAudio';
import { preloadBotAudio } from './PlayerSlot';
import type { BotAudioProps, BotAudioStatus } from './botAudioTypes';
import { type BotAudioFixture, createBotAudioFixture } from '../../test/botAudio/botAudioFixture';

// Counts the real imports of daily-react and daily-js: a factory runs once, on first import.
const { loads, countDailyReact, countDailyJs } = await vi.hoisted(
  () => import('../../test/dailyLoads'),
);
vi.mock('@daily-co/daily-react', countDailyReact);
vi.mock('@daily-co/daily-js', countDailyJs);

const fixtures: BotAudioFixture[] = [];
function fixture(): BotAudioFixture {
  const f = createBotAudioFixture();
  fixtures.push(f);
  return f;
}
afterEach(async () => {
  vi.restoreAllMocks();
  cleanup(); // unmount before the session ends, so no update lands outside act()
  while (fixtures.length) await fixtures.pop()?.dispose();
});

function renderBotAudio(session: VoiceSession, props: BotAudioProps = {}) {
  return render(
    <StrictMode>
      <VoiceSessionContext.Provider value={session}>
        <BotAudio data-testid="bot-audio" {...props} />
      </VoiceSessionContext.Provider>
    </StrictMode>,
  );
}

/** The bot's `<audio>`, once daily-react has rendered it with the bot's track. */
async function botAudioElement(f: BotAudioFixture): Promise<HTMLAudioElement> {
  const botId = f.session.getSnapshot().bot.participantId;
  expect(botId).not.toBeNull();
  return waitFor(
    () => {
      const audio = document.querySelector<HTMLAudioElement>(`audio[data-session-id="${botId}"]`);
      const stream = audio?.srcObject as MediaStream | null | undefined;
      expect(stream?.getAudioTracks()[0]).toBe(
        f.room.bot.participant()?.tracks.audio.persistentTrack,
      );
      return audio as HTMLAudioElement;
    },
    { timeout: 5_000 },
  );
}

/** Lets daily-react's own timers (participants poll, throttled events) run inside act(). */
const settle = (ms = 150) => act(() => new Promise<void>((r) => setTimeout(r, ms)));

/** Starts the session and waits for daily-react to have rendered the bot's `<audio>`. */
async function startAndFindAudio(f: BotAudioFixture) {
  await act(() => f.startActive());
  // The first mount waits for the chunk: daily-react and daily-js are transformed on demand.
  const root = await screen.findByTestId('bot-audio', {}, { timeout: 10_000 });
  await settle();
  return { root, audio: await botAudioElement(f) };
}

/** happy-dom never loads media: fire what Chromium fires once the stream's metadata is known. */
function metadataLoaded(audio: HTMLAudioElement) {
  act(() => {
    audio.dispatchEvent(new Event('loadedmetadata'));
  });
}

describe('BotAudio (happy-dom)', () => {
  // First in the file: the import counters are per file.
  it('renders nothing and imports neither daily-react nor daily-js until the session is live', async () => {
    const f = fixture();
    const { container } = renderBotAudio(f.session);
    await settle(50);
    expect(container.innerHTML).toBe('');
    expect(loads.dailyReact).toBe(0);
    expect(loads.dailyJs).toBe(0);

    const { root } = await startAndFindAudio(f);
    expect(loads.dailyReact).toBe(1);
    expect(loads.dailyJs).toBe(1); // through daily-react: the chunk brings both
    expect(root.dataset.status).toBe('idle');
    await preloadBotAudio();
    await preloadBotAudio();
    expect(loads.dailyReact).toBe(1);
  });

  it('mounts the lazy player once live, plays the bot and reports it; idle again after the end', async () => {
    const f = fixture();
    const changes: BotAudioStatus[] = [];
    renderBotAudio(f.session, { className: 'bot', onPlaybackChange: (s) => changes.push(s) });
    const { root, audio } = await startAndFindAudio(f);
    expect(root.className).toBe('bot');
    expect(audio.autoplay).toBe(true);

    metadataLoaded(audio); // daily-react calls play() here
    await waitFor(() => expect(root.dataset.status).toBe('playing'));
    expect(audio.paused).toBe(false);
    expect(f.session.getSnapshot().playback).toBe('playing');
    expect(screen.queryByRole('button')).toBeNull();

    await act(() => f.session.stop());
    expect(f.session.getSnapshot().status).toBe('inactive');
    expect(screen.queryByTestId('bot-audio')).toBeNull();
    expect(f.session.getSnapshot().playback).toBe('idle');
    expect(changes).toEqual(['playing', 'idle']);
  });

  it('shows "Tap to enable audio" when autoplay is refused, and plays on the click', async () => {
    const f = fixture();
    renderBotAudio(f.session);
    const { root, audio } = await startAndFindAudio(f);

    const refused = new DOMException('play() failed: no user gesture', 'NotAllowedError');
    const play = vi.spyOn(HTMLMediaElement.prototype, 'play').mockRejectedValueOnce(refused);
    metadataLoaded(audio);
    const button = await screen.findByRole('button', { name: 'Tap to enable audio' });
    expect(root.dataset.status).toBe('audioBlocked');
    expect(f.session.getSnapshot().playback).toBe('blocked');

    fireEvent.click(button);
    await waitFor(() => expect(root.dataset.status).toBe('playing'));
    expect(play).toHaveBeenCalledTimes(2);
    expect(f.session.getSnapshot().playback).toBe('playing');
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('takes a custom blocked control and label; other play failures are not "blocked"', async () => {
    const f = fixture();
    renderBotAudio(f.session, {
      blockedLabel: 'Turn sound on',
      renderBlocked: ({ enableAudio, label }) => (
        <button type="button" className="custom" onClick={enableAudio}>
          {label}
        </button>
      ),
    });
    const { root, audio } = await startAndFindAudio(f);

    const aborted = new DOMException('interrupted by a new load request', 'AbortError');
    vi.spyOn(HTMLMediaElement.prototype, 'play').mockRejectedValueOnce(aborted);
    metadataLoaded(audio);
    await settle(20);
    expect(root.dataset.status).toBe('idle');

    const refused = new DOMException('no user gesture', 'NotAllowedError');
    vi.spyOn(HTMLMediaElement.prototype, 'play').mockRejectedValueOnce(refused);
    metadataLoaded(audio);
    const custom = await screen.findByRole('button', { name: 'Turn sound on' });
    expect(custom.className).toBe('custom');
    fireEvent.click(custom);
    await waitFor(() => expect(root.dataset.status).toBe('playing'));
  });

  it('stays blocked when the tap is refused too', async () => {
    const f = fixture();
    renderBotAudio(f.session);
    const { root, audio } = await startAndFindAudio(f);
    const refused = new DOMException('no user gesture', 'NotAllowedError');
    vi.spyOn(HTMLMediaElement.prototype, 'play').mockRejectedValue(refused);
    metadataLoaded(audio);
    fireEvent.click(await screen.findByRole('button', { name: 'Tap to enable audio' }));
    await settle(20);
    expect(root.dataset.status).toBe('audioBlocked');
    expect(screen.getByRole('button', { name: 'Tap to enable audio' })).toBeTruthy();
  });

  it('unmounts and reports idle when the bot leaves (the session fails with bot-left)', async () => {
    const f = fixture();
    const changes: BotAudioStatus[] = [];
    renderBotAudio(f.session, { onPlaybackChange: (s) => changes.push(s) });
    const { root, audio } = await startAndFindAudio(f);
    metadataLoaded(audio);
    await waitFor(() => expect(root.dataset.status).toBe('playing'));

    await act(async () => {
      f.room.bot.leave();
      await new Promise((r) => setTimeout(r, 50));
    });
    expect(screen.queryByTestId('bot-audio')).toBeNull();
    expect(f.session.getSnapshot()).toMatchObject({ status: 'unavailable', playback: 'idle' });
    expect(changes).toEqual(['playing', 'idle']);
  });

  it('reports idle when unmounted mid-session', async () => {
    const f = fixture();
    const { unmount } = renderBotAudio(f.session);
    const { audio } = await startAndFindAudio(f);
    metadataLoaded(audio);
    await waitFor(() => expect(f.session.getSnapshot().playback).toBe('playing'));
    unmount();
    expect(f.session.getSnapshot().playback).toBe('idle');
  });

  it('renders a device picker inside the chunk (the mock lists no speakers; picking one goes through the call)', async () => {
    const f = fixture();
    let picked: Promise<boolean> | null = null;
    renderBotAudio(f.session, {
      renderDevices: (devices) => (
        <ul aria-label="speakers" data-count={devices.speakers.length}>
          <li>
            <button type="button" onClick={() => (picked = devices.setSpeaker('default'))}>
              Default speaker
            </button>
          </li>
        </ul>
      ),
    });
    await startAndFindAudio(f);
    expect(screen.getByRole('list', { name: 'speakers' }).dataset.count).toBe('0');
    fireEvent.click(screen.getByRole('button', { name: 'Default speaker' }));
    // MockDailyCall implements setOutputDeviceAsync as daily-js does: the setter resolves true.
    await act(async () => expect(await picked).toBe(true));
  });

  it('renders to an empty string on the server, even with a live session', async () => {
    const f = fixture();
    const element = (session: VoiceSession) => (
      <VoiceSessionContext.Provider value={session}>
        <BotAudio />
      </VoiceSessionContext.Provider>
    );
    expect(renderToString(element(f.session))).toBe('');
    await f.startActive();
    expect(renderToString(element(f.session))).toBe('');
    const idle = createVoiceSession({ backend: { baseUrl: 'http://127.0.0.1:1/api/voice' } });
    expect(renderToString(element(idle))).toBe('');
    await idle.destroy();
  });
});
