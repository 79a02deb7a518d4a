/**
 * A level meter on a Web Audio node: the RMS of the latest analyser window, scaled so that
 * speech at a normal recording level reads 0.2–0.8 (the range of Daily's `audioLevel`, which
 * the engine's voice-state thresholds — noise ~0.05, speech ~0.15 — are tuned for).
 */
export interface LevelMeter {
  /** The current level, 0–1. */
  read(): number;
  disconnect(): void;
}

/** RMS × this ≈ Daily's audio level: a speech clip's 100 ms RMS is ~0.05–0.2. */
export const RMS_TO_LEVEL = 4;

export function createLevelMeter(context: BaseAudioContext, source: AudioNode): LevelMeter {
  const analyser = context.createAnalyser();
  analyser.fftSize = 2048;
  source.connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  return {
    read() {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const s of samples) sum += s * s;
      return Math.min(1, Math.sqrt(sum / samples.length) * RMS_TO_LEVEL);
    },
    disconnect() {
      source.disconnect(analyser);
    },
  };
}
