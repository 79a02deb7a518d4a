/**
 * The whole playground conversation in headless Chromium with a fake microphone playing a
 * real clip (`--use-file-for-fake-audio-capture`, see vitest.config.ts): the project
 * "e2e (user-question)" feeds it `user-question.wav`, "e2e (silence)" feeds `silence-1s.wav`.
 * Everything below is measured from the page: the engine's local voice state (from the real
 * mic's level), the bot's audio as the `<audio>` element plays it, and the avatar's Rive input.
 */
import type { SessionStatus } from '@parley/voice-core';
import type { VoiceState } from '@parley/voice-core';
import { createRoot } from 'react-dom/client';
import { afterAll, expect, inject, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { PlaygroundStage } from '../components/PlaygroundStage';
import { loadClips } from '../scenario/audioClips';
import { createLevelMeter, type LevelMeter } from '../scenario/levelMeter';
import { activeScenario, type Scenario } from '../scenario/scenario';
import { sharedAudioContext } from '../scenario/sharedAudioContext';

interface Sample {
  t: number;
  localState: VoiceState;
  localLevel: number;
  botSpeaking: boolean;
  /** The avatar's `isHappy` input (mapped from "bot speaking"), null before Rive loaded. */
  avatarSpeaking: boolean | null;
  /** Level of the stream the bot's `<audio>` element is playing, 0–1. */
  output: number;
  elementPlaying: boolean;
}

const fakeMic = inject('fakeMic');
const container = document.createElement('div');
document.body.append(container);
const root = createRoot(container);
afterAll(() => root.unmount());

/** Samples the page every 40 ms until stopped. */
function sampler(s: Scenario) {
  const context = sharedAudioContext();
  const samples: Sample[] = [];
  let meter: { stream: MediaStream; meter: LevelMeter } | null = null;
  const started = performance.now();
  const timer = setInterval(() => {
    const audio = container.querySelector('audio');
    const stream = audio?.srcObject instanceof MediaStream ? audio.srcObject : null;
    if (stream && meter?.stream !== stream) {
      meter?.meter.disconnect();
      meter = { stream, meter: createLevelMeter(context, context.createMediaStreamSource(stream)) };
    }
    const levels = s.session.levels.getSnapshot();
    const input = s.avatar?.stateMachineInputs('avatar')?.find((i) => i.name === 'isHappy');
    samples.push({
      t: performance.now() - started,
      localState: levels.localState,
      localLevel: levels.local,
      botSpeaking: s.session.getSnapshot().bot.speaking,
      avatarSpeaking: input ? Boolean(input.value) : null,
      output: stream && meter ? meter.meter.read() : 0,
      elementPlaying: Boolean(audio && !audio.paused && stream),
    });
  }, 40);
  return {
    samples,
    stop() {
      clearInterval(timer);
      meter?.meter.disconnect();
    },
  };
}

/** Consecutive duplicates removed: ['silent', 'silent', 'speaking'] → ['silent', 'speaking']. */
const runs = <T,>(xs: T[]) => xs.filter((x, i) => i === 0 || x !== xs[i - 1]);

it(`a full conversation with the fake mic playing ${fakeMic}`, async ({ annotate }) => {
  const clips = await loadClips(sharedAudioContext());
  root.render(<PlaygroundStage spec={{ mic: 'real' }} clips={clips} />);
  const s = await vi.waitFor(() => activeScenario() ?? Promise.reject(new Error('no scenario')));
  const statuses: SessionStatus[] = [];
  s.session.on('voice.status', ({ status }) => statuses.push(status));
  await vi.waitFor(() => expect(s.avatar).not.toBeNull(), { timeout: 10_000 });

  const probe = sampler(s);
  // A real (trusted) click, as a user's.
  await userEvent.click(container.querySelector('button[data-state="inactive"]')!);
  await vi.waitFor(() => expect(statuses.at(-1)).toBe('inactive'), {
    timeout: 40_000,
    interval: 200,
  });
  probe.stop();
  const { samples } = probe;

  // The session ran and ended cleanly, releasing everything.
  expect(statuses).toEqual(['connecting', 'active', 'disconnecting', 'inactive']);
  expect(s.room.call?.isDestroyed()).toBe(true);
  expect(s.mic?.tracks.length).toBe(1);
  expect(s.mic?.tracks.every((t) => t.readyState === 'ended')).toBe(true);
  expect(s.room.pendingTimers()).toBe(0);
  expect(s.session.diagnostics()).toMatchObject({ live: false });

  // The local voice state follows the real mic.
  const localRuns = runs(samples.map((x) => x.localState));
  const speaking = samples.filter((x) => x.localState === 'speaking');
  const peakLocal = Math.max(...samples.map((x) => x.localLevel));
  if (fakeMic === 'user-question') {
    expect(localRuns[0]).toBe('silent');
    expect(localRuns).toContain('speaking');
    expect(localRuns.at(-1)).toBe('silent');
    // …only while the clip plays: it is 4.04 s long and starts when the mic opens (≈ the click).
    const first = speaking[0]!.t;
    const last = speaking.at(-1)!.t;
    expect(last - first).toBeLessThan(clips.userQuestion.duration * 1000 + 800);
  } else {
    expect(speaking).toEqual([]);
    expect(peakLocal).toBeLessThan(0.05);
  }

  // The bot's audio really plays: the element is playing and its stream is not silent.
  const botTalking = samples.filter((x) => x.botSpeaking);
  const peakOutput = Math.max(...botTalking.map((x) => x.output));
  expect(botTalking.length).toBeGreaterThan(50);
  expect(botTalking.every((x) => x.elementPlaying)).toBe(true);
  expect(peakOutput).toBeGreaterThan(0.2);
  const quietOutput = samples.filter((x) => !x.botSpeaking).map((x) => x.output);

  // The avatar's speaking input follows the bot (ignoring 250 ms around each change).
  const steady = samples.filter((x, i) =>
    samples.every(
      (y, j) => Math.abs(y.t - x.t) > 250 || y.botSpeaking === x.botSpeaking || i === j,
    ),
  );
  const agree = steady.filter((x) => x.avatarSpeaking === x.botSpeaking);
  expect(steady.some((x) => x.botSpeaking)).toBe(true);
  expect(steady.some((x) => !x.botSpeaking)).toBe(true);
  expect(agree.length).toBe(steady.length);

  const speakingFrom = speaking[0] ? `${(speaking[0].t / 1000).toFixed(2)} s` : 'never';
  const speakingTo = speaking.at(-1) ? `${(speaking.at(-1)!.t / 1000).toFixed(2)} s` : '';
  const figures = [
    `mic ${fakeMic}: local voice states ${localRuns.join(' → ')}; speaking ${speakingFrom}` +
      `${speakingTo && ` to ${speakingTo}`} after the click; peak local level ${peakLocal.toFixed(3)}`,
    `bot audio: ${botTalking.length} samples while speaking, element playing in all, ` +
      `peak output ${peakOutput.toFixed(3)} (max ${Math.max(...quietOutput).toFixed(3)} while not speaking)`,
    `avatar isHappy agreed with bot speaking in ${agree.length}/${steady.length} steady samples`,
    `spoken: ${s.voice.spoken.map((u) => `${u.clipSeconds.toFixed(2)} s${u.interrupted ? ' (cut)' : ''}`).join(', ')}`,
  ].join('\n');
  console.info(figures);
  await annotate(figures);
});
