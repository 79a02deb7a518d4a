import { act, render, screen, waitFor } from '@testing-library/react';
import { assertNoLeftovers, MockDailyCall } from '@parley/voice-core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { VoiceSessionContext } from '../voiceSessionContext';
import { BotAudio } from './BotAudio';
import { preloadBotAudio } from './PlayerSlot';
import type { BotAudioStatus } from './botAudioTypes';
import { type BotAudioFixture, createBotAudioFixture } from '../../test/botAudio/botAudioFixture';
import {
  createToneSource,
  measureLevel,
  type ToneSource,
} from '../../test/botAudio/botAudioBrowserKit';

// This project runs Chromium with --autoplay-policy=no-user-gesture-required.

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
  assertNoLeftovers();
});

function setup(): { f: BotAudioFixture; tone: ToneSource } {
  const tone = createToneSource();
  const f = createBotAudioFixture({ audioTrack: () => tone.track });
  cleanups.push(
    () => tone.close(),
    () => f.dispose(),
  );
  return { f, tone };
}

function renderBotAudio(f: BotAudioFixture, onPlaybackChange?: (s: BotAudioStatus) => void) {
  const view = render(
    <VoiceSessionContext.Provider value={f.session}>
      <BotAudio data-testid="bot-audio" onPlaybackChange={onPlaybackChange} />
    </VoiceSessionContext.Provider>,
  );
  cleanups.push(() => view.unmount());
  return view;
}

async function waitForStatus(status: BotAudioStatus): Promise<HTMLElement> {
  return waitFor(
    () => {
      const root = screen.getByTestId('bot-audio');
      expect(root.dataset.status).toBe(status);
      return root;
    },
    { timeout: 5_000, interval: 5 },
  );
}

function botAudioElement(root: HTMLElement): HTMLAudioElement {
  const audio = root.querySelector('audio');
  if (!audio) throw new Error('no <audio> in BotAudio');
  return audio;
}

describe('BotAudio in Chromium (autoplay allowed)', () => {
  it("plays the bot's real track in a real <audio>: not paused, time advancing, a level the analyser reads", async () => {
    const { f, tone } = setup();
    await preloadBotAudio(); // what the start button does on hover/focus
    let botJoinedAt = 0;
    f.session.on('voice.bot.joined', () => {
      botJoinedAt = performance.now();
    });
    const changes: BotAudioStatus[] = [];
    renderBotAudio(f, (s) => changes.push(s));
    // The element's own `playing` event (media events don't bubble: listen in the capture phase).
    let playingAt = 0;
    const onPlaying = () => {
      playingAt ||= performance.now();
    };
    document.addEventListener('playing', onPlaying, true);
    cleanups.push(() => document.removeEventListener('playing', onPlaying, true));

    const startedAt = performance.now();
    await act(() => f.startActive());
    const root = await waitForStatus('playing');

    const audio = botAudioElement(root);
    const stream = audio.srcObject as MediaStream;
    expect(stream).toBeInstanceOf(MediaStream);
    expect(stream.getAudioTracks()).toEqual([tone.track]);
    expect(audio.dataset.sessionId).toBe(f.session.getSnapshot().bot.participantId);
    expect(audio.paused).toBe(false);
    expect(audio.muted).toBe(false);
    expect(f.session.getSnapshot().playback).toBe('playing');
    expect(changes).toEqual(['playing']);

    // The analyser reads the element's stream; that the element itself plays it shows in
    // `paused` and its clock. (Chromium gives no tap on an element's output for a MediaStream
    // source: captureStream() forwards the tracks even when paused, and
    // createMediaElementSource() reads silence.)
    const t0 = audio.currentTime;
    const level = await measureLevel(tone.context, stream);
    expect(audio.currentTime).toBeGreaterThan(t0);
    expect(level).toBeGreaterThan(0.1);
    console.info(
      `[BotAudio] start→playing ${(playingAt - startedAt).toFixed(0)} ms, ` +
        `bot joined→playing ${(playingAt - botJoinedAt).toFixed(0)} ms, ` +
        `analyser RMS ${level.toFixed(3)}, element time advanced ${(audio.currentTime - t0).toFixed(2)} s`,
    );
  });

  it('starts playing when mounted mid-session (daily-react reads the participants already there)', async () => {
    const { f, tone } = setup();
    await f.startActive();
    renderBotAudio(f);
    const root = await waitForStatus('playing');
    const audio = botAudioElement(root);
    expect((audio.srcObject as MediaStream).getAudioTracks()).toEqual([tone.track]);
    expect(audio.paused).toBe(false);
  });

  it('stops and reports idle when the session ends; the call is left and destroyed', async () => {
    const { f } = setup();
    const changes: BotAudioStatus[] = [];
    renderBotAudio(f, (s) => changes.push(s));
    await act(() => f.startActive());
    const audio = botAudioElement(await waitForStatus('playing'));

    await act(() => f.session.stop());
    expect(screen.queryByTestId('bot-audio')).toBeNull();
    // daily-react pauses and empties the element on left-meeting, before it unmounts.
    expect(audio.paused).toBe(true);
    expect(audio.srcObject).toBeNull();
    expect(f.session.getSnapshot()).toMatchObject({ status: 'inactive', playback: 'idle' });
    expect(changes).toEqual(['playing', 'idle']);
    expect(MockDailyCall.liveInstances()).toBe(0);
  });
});
