import { act, render, screen, waitFor } from '@testing-library/react';
import { assertNoLeftovers } from '@parley/voice-core/testing';
import axe from 'axe-core';
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { VoiceSessionContext } from '../voiceSessionContext';
import { BotAudio } from './BotAudio';
import type { BotAudioStatus } from './botAudioTypes';
import { createBotAudioFixture } from '../../test/botAudio/botAudioFixture';
import { createToneSource, measureLevel } from '../../test/botAudio/botAudioBrowserKit';

// The `browser-autoplay-blocked` project: Chromium's default autoplay policy, no flag. One test
// only: the click below gives the document sticky user activation, after which nothing is blocked.

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
  assertNoLeftovers();
});

describe('BotAudio in Chromium with autoplay blocked', () => {
  it('shows "Tap to enable audio" (status audioBlocked, snapshot blocked, no axe violation); a real click plays the bot', async () => {
    const tone = createToneSource();
    // The policy is on: without a gesture even an AudioContext starts suspended.
    expect(tone.context.state).toBe('suspended');
    const f = createBotAudioFixture({ audioTrack: () => tone.track });
    cleanups.push(
      () => tone.close(),
      () => f.dispose(),
    );
    const changes: BotAudioStatus[] = [];
    const changedAt: Partial<Record<BotAudioStatus, number>> = {};
    const onPlaybackChange = (s: BotAudioStatus) => {
      changes.push(s);
      changedAt[s] = performance.now();
    };
    const view = render(
      <main>
        <VoiceSessionContext.Provider value={f.session}>
          <BotAudio data-testid="bot-audio" onPlaybackChange={onPlaybackChange} />
        </VoiceSessionContext.Provider>
      </main>,
    );
    cleanups.push(() => view.unmount());

    const startedAt = performance.now();
    await act(() => f.startActive());
    const button = await screen.findByRole(
      'button',
      { name: 'Tap to enable audio' },
      { timeout: 5_000 },
    );
    const root = screen.getByTestId('bot-audio');
    expect(root.dataset.status).toBe('audioBlocked');
    expect(f.session.getSnapshot().playback).toBe('blocked');
    const audio = root.querySelector('audio') as HTMLAudioElement;
    expect(audio.paused).toBe(true);
    expect((audio.srcObject as MediaStream).getAudioTracks()).toEqual([tone.track]);
    // Visible: laid out, not hidden.
    const box = button.getBoundingClientRect();
    expect(box.width).toBeGreaterThan(0);
    expect(box.height).toBeGreaterThan(0);
    expect(getComputedStyle(button).visibility).toBe('visible');

    const results = await axe.run(view.container);
    expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

    // A real gesture through Playwright (not page.evaluate, which would fake one); act() only
    // collects the React updates the resulting media events cause.
    // Timed in the page: the click event, then the element's `playing` event.
    let clickedAt = 0;
    let playingAt = 0;
    button.addEventListener('click', () => {
      clickedAt = performance.now();
    });
    audio.addEventListener('playing', () => {
      playingAt = performance.now();
    });
    await act(() => userEvent.click(button));
    await waitFor(() => expect(root.dataset.status).toBe('playing'), {
      timeout: 5_000,
      interval: 5,
    });
    expect(audio.paused).toBe(false);
    expect(f.session.getSnapshot().playback).toBe('playing');
    expect(screen.queryByRole('button')).toBeNull();
    expect(changes).toEqual(['audioBlocked', 'playing']);

    // The gesture also lets the tone's AudioContext run: the element's stream carries the tone.
    await tone.context.resume();
    const t0 = audio.currentTime;
    const level = await measureLevel(tone.context, audio.srcObject as MediaStream);
    expect(level).toBeGreaterThan(0.1);
    expect(audio.currentTime).toBeGreaterThan(t0);
    console.info(
      `[BotAudio blocked] start→blocked ${((changedAt.audioBlocked ?? 0) - startedAt).toFixed(0)} ms, ` +
        `click→element playing ${(playingAt - clickedAt).toFixed(1)} ms, analyser RMS ${level.toFixed(3)}`,
    );
  });
});
