import { act, render, screen, waitFor } from '@testing-library/react';
import { type Playback, PlaybackError, type VoiceError } from '@parley/voice-core';
import { assertNoLeftovers, FakeMediaStreamTrack, MockDailyCall } from '@parley/voice-core/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { VoiceSessionContext } from '../voiceSessionContext';
import { BotAudio } from './BotAudio';
import type { BotAudioStatus } from './botAudioTypes';
import { type BotAudioFixture, createBotAudioFixture } from '../../test/botAudio/botAudioFixture';

// This project runs Chromium with --autoplay-policy=no-user-gesture-required.

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
  vi.restoreAllMocks();
  assertNoLeftovers();
});

function fixture(bot: Parameters<typeof createBotAudioFixture>[0] = {}): BotAudioFixture {
  const f = createBotAudioFixture(bot);
  cleanups.push(() => f.dispose());
  return f;
}

/** An app around BotAudio: a heading beside it shows whether the root survived. */
function renderApp(f: BotAudioFixture, onPlaybackChange?: (s: BotAudioStatus) => void) {
  const view = render(
    <VoiceSessionContext.Provider value={f.session}>
      <h1>The app</h1>
      <BotAudio data-testid="bot-audio" onPlaybackChange={onPlaybackChange} />
    </VoiceSessionContext.Provider>,
  );
  cleanups.push(() => view.unmount());
  return view;
}

/** Every `playback` value the snapshot took, in order, from the current one. */
function recordPlayback(f: BotAudioFixture): Playback[] {
  const seen: Playback[] = [f.session.getSnapshot().playback];
  cleanups.push(
    f.session.subscribe(() => {
      const { playback } = f.session.getSnapshot();
      if (seen.at(-1) !== playback) seen.push(playback);
    }),
  );
  return seen;
}

describe('BotAudio in Chromium when its player fails', () => {
  it("contains a track daily-react cannot play: playback 'failed' with a PlaybackError, the app and the session go on", async () => {
    // `new MediaStream([track])` throws a TypeError on a track the browser did not make: what
    // the mock bot's default track was before it became a Web Audio track.
    const f = fixture({
      audioTrack: () => new FakeMediaStreamTrack({ label: 'not a browser track' }),
    });
    const errors: VoiceError[] = [];
    f.session.on('voice.error', ({ error }) => errors.push(error));
    const playback = recordPlayback(f);
    const changes: BotAudioStatus[] = [];
    // React logs what a boundary caught; the test is about what the app sees.
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    renderApp(f, (s) => changes.push(s));

    await act(() => f.startActive());
    const root = await waitFor(
      () => {
        const el = screen.getByTestId('bot-audio');
        expect(el.dataset.status).toBe('failed');
        return el;
      },
      { timeout: 5_000, interval: 5 },
    );

    expect(screen.getByRole('heading', { name: 'The app' })).toBeTruthy();
    expect(root.querySelector('audio')).toBeNull();
    expect(errors).toHaveLength(1);
    const [error] = errors;
    expect(error).toBeInstanceOf(PlaybackError);
    expect(error).toMatchObject({ code: 'playback-failed', fatal: false, source: 'client' });
    expect((error as Error).cause).toBeInstanceOf(TypeError);
    expect(f.session.getSnapshot()).toMatchObject({ status: 'active', playback: 'failed' });
    expect(changes).toEqual(['failed']);
    expect(logged).toHaveBeenCalled();

    await act(() => f.session.stop());
    expect(screen.queryByTestId('bot-audio')).toBeNull();
    expect(screen.getByRole('heading', { name: 'The app' })).toBeTruthy();
    expect(f.session.getSnapshot()).toMatchObject({ status: 'inactive', playback: 'idle' });
    expect(playback).toEqual(['idle', 'failed', 'idle']);
    expect(errors).toHaveLength(1);
    expect(MockDailyCall.liveInstances()).toBe(0);
  });

  it('gives the next call a new player: a session started again plays', async () => {
    let calls = 0;
    const tone = new AudioContext();
    cleanups.push(() => tone.close());
    // The first join's track cannot be played; the second one's is a real Web Audio track.
    const f = fixture({
      audioTrack: () => {
        calls += 1;
        if (calls === 1) return new FakeMediaStreamTrack();
        const [track] = tone.createMediaStreamDestination().stream.getAudioTracks();
        if (!track) throw new Error('no Web Audio track');
        return track;
      },
    });
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const changes: BotAudioStatus[] = [];
    renderApp(f, (s) => changes.push(s));
    await act(() => f.startActive());
    await waitFor(() => expect(screen.getByTestId('bot-audio').dataset.status).toBe('failed'));
    await act(() => f.session.stop());
    await act(() => f.startActive());
    await waitFor(() => expect(screen.getByTestId('bot-audio').dataset.status).toBe('playing'), {
      timeout: 5_000,
    });
    expect(f.session.getSnapshot().playback).toBe('playing');
    expect(changes).toEqual(['failed', 'playing']);
  });
});

describe("BotAudio on the mock room's default bot in Chromium", () => {
  it("plays the default bot's real (silent) track, and no live track is left after the end", async () => {
    const f = fixture(); // no audioTrack: the documented mock room
    const playback = recordPlayback(f);
    renderApp(f);
    await act(() => f.startActive());
    const root = await waitFor(
      () => {
        const el = screen.getByTestId('bot-audio');
        expect(el.dataset.status).toBe('playing');
        return el;
      },
      { timeout: 5_000, interval: 5 },
    );
    const track = f.room.bot.participant()?.tracks.audio.persistentTrack;
    expect(track).toBeInstanceOf(MediaStreamTrack);
    expect(track).not.toBeInstanceOf(FakeMediaStreamTrack);
    expect(track?.readyState).toBe('live');
    const audio = root.querySelector('audio');
    if (!audio) throw new Error('no <audio> in BotAudio');
    expect((audio.srcObject as MediaStream).getAudioTracks()).toEqual([track]);
    expect(audio.paused).toBe(false);

    await act(() => f.session.stop());
    expect(track?.readyState).toBe('ended');
    expect(playback).toEqual(['idle', 'playing', 'idle']);
    expect(MockDailyCall.liveInstances()).toBe(0);
  });
});
