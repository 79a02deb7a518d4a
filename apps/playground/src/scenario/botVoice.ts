import type { MockBotVoice } from '@parley/voice-core/testing';
import { createLevelMeter } from './levelMeter';

/** One utterance the voice played, for stories and tests to check against. */
export interface SpokenUtterance {
  index: number;
  text: string;
  /** Seconds of audio it had (0 when the bot had no clip for it and stayed silent). */
  clipSeconds: number;
  /** `performance.now()` when it started. */
  startedAt: number;
  /** Cut short by `stop()` (the bot left mid-turn, the call ended). */
  interrupted: boolean;
  /** Seconds of the clip that were not played when it was cut short (0 if it played out). */
  unplayedSeconds: number;
}

/**
 * The mock bot's voice as real audio: each `bot-speech` step plays the next clip through a
 * Web Audio graph whose `MediaStreamAudioDestinationNode` track is the bot's remote track, so
 * `BotAudio` plays it like a Daily track and the avatar's level is measured, not scripted.
 */
export interface BotVoice extends MockBotVoice {
  /** A new track for one join of the bot (the `audioTrack` option of `MockBot`). */
  track(): MediaStreamTrack;
  /** The level of what the bot says now, 0–1 (the `levelMeters.bot` option of `MockRoom`). */
  level(): number;
  readonly spoken: readonly SpokenUtterance[];
  /** Stops the sound and frees the graph. */
  dispose(): void;
}

/**
 * @param utterances the clip for each of the bot's utterances, in order (`index` 0, 1, …); an
 *   utterance without a clip is silent.
 */
export function createBotVoice(
  context: AudioContext,
  utterances: readonly AudioBuffer[],
): BotVoice {
  const output = context.createGain();
  const meter = createLevelMeter(context, output);
  const spoken: SpokenUtterance[] = [];
  let destination: MediaStreamAudioDestinationNode | null = null;
  let playing: { source: AudioBufferSourceNode; entry: SpokenUtterance; at: number } | null = null;

  const stop = () => {
    if (!playing) return;
    const { source, entry, at } = playing;
    playing = null;
    entry.interrupted = true;
    entry.unplayedSeconds = Math.max(0, entry.clipSeconds - (context.currentTime - at));
    source.onended = null;
    source.stop();
    source.disconnect();
  };

  return {
    spoken,
    track() {
      if (destination) output.disconnect(destination);
      destination = context.createMediaStreamDestination();
      output.connect(destination);
      const [track] = destination.stream.getAudioTracks();
      if (!track) throw new Error('MediaStreamAudioDestinationNode gave no audio track');
      return track;
    },
    speak({ index, text }) {
      stop();
      const clip = utterances[index];
      const entry: SpokenUtterance = {
        index,
        text,
        clipSeconds: clip?.duration ?? 0,
        startedAt: performance.now(),
        interrupted: false,
        unplayedSeconds: 0,
      };
      spoken.push(entry);
      if (!clip) return;
      // Resumes a context created before any gesture, when the page allows it by now.
      if (context.state === 'suspended') void context.resume().catch(() => {});
      const source = context.createBufferSource();
      source.buffer = clip;
      source.connect(output);
      source.onended = () => {
        if (playing?.source !== source) return;
        playing = null;
        source.disconnect();
      };
      playing = { source, entry, at: context.currentTime };
      source.start();
    },
    stop,
    level: () => meter.read(),
    dispose() {
      stop();
      meter.disconnect();
      if (destination) {
        output.disconnect(destination);
        for (const track of destination.stream.getTracks()) track.stop();
        destination = null;
      }
    },
  };
}
