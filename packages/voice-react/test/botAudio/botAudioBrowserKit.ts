/**
 * Chromium test helpers for BotAudio (not shipped): a real audio track for the
 * mock bot, and a level meter over a stream.
 */

export interface ToneSource {
  context: AudioContext;
  /** A live `MediaStreamTrack` carrying a 440 Hz tone: what the mock bot publishes. */
  track: MediaStreamTrack;
  close(): Promise<void>;
}

/** A 440 Hz oscillator → `MediaStreamAudioDestinationNode`: a real track with real samples. */
export function createToneSource(): ToneSource {
  const context = new AudioContext();
  const oscillator = context.createOscillator();
  oscillator.frequency.value = 440;
  const gain = context.createGain();
  gain.gain.value = 0.5;
  const destination = context.createMediaStreamDestination();
  oscillator.connect(gain).connect(destination);
  oscillator.start();
  const track = destination.stream.getAudioTracks()[0];
  if (!track) throw new Error('MediaStreamAudioDestinationNode gave no audio track');
  return {
    context,
    track,
    async close() {
      oscillator.stop();
      track.stop();
      await context.close();
    },
  };
}

/**
 * The peak RMS level (0–1) an `AnalyserNode` reads from `stream` over `ms`, sampled every 20 ms.
 * `context` must be running (the autoplay policy suspends it until a user gesture).
 */
export async function measureLevel(
  context: AudioContext,
  stream: MediaStream,
  ms = 400,
): Promise<number> {
  const source = context.createMediaStreamSource(stream);
  const analyser = context.createAnalyser();
  analyser.fftSize = 2048;
  source.connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  let peak = 0;
  const end = performance.now() + ms;
  try {
    while (performance.now() < end) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const sample of samples) sum += sample * sample;
      peak = Math.max(peak, Math.sqrt(sum / samples.length));
    }
  } finally {
    source.disconnect();
  }
  return peak;
}
