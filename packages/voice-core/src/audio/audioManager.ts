import { createLevelSmoother, type LevelSmoother } from './levelSmoother';
import { createVoiceActivity, type VoiceActivity, type VoiceState } from './voiceActivity';

/** The level channel's value: smoothed levels (0..1) and voice states of both sides. */
export interface LevelSnapshot {
  readonly local: number;
  readonly bot: number;
  readonly localState: VoiceState;
  readonly botState: VoiceState;
}

/**
 * Audio levels live on their own subscription, apart from the session snapshot: at 10–60 Hz
 * they re-render only what reads them.
 */
export interface LevelChannel {
  subscribe(listener: () => void): () => void;
  getSnapshot(): LevelSnapshot;
}

export interface AudioOptions {
  /** Level sampling interval given to Daily's observers, ms (default 50 = 20 Hz; 16 ≈ 60 Hz). */
  levelIntervalMs?: number;
  attackMs?: number;
  releaseMs?: number;
  noiseFloor?: number;
  speechThreshold?: number;
  hysteresis?: number;
  holdMs?: number;
}

export interface AudioManager extends LevelChannel {
  /** A raw local level sample. Returns true when someone is speaking (for idle tracking). */
  sampleLocal(raw: number, now: number): boolean;
  sampleBot(raw: number, now: number): boolean;
  /** While muted the local level reads 0, whatever the observer still reports. */
  setMuted(muted: boolean): void;
  reset(): void;
  listenerCount(): number;
}

export const SILENT_LEVELS: LevelSnapshot = Object.freeze({
  local: 0,
  bot: 0,
  localState: 'silent',
  botState: 'silent',
});

export function createAudioManager(options: AudioOptions = {}): AudioManager {
  const smoother = () =>
    createLevelSmoother({ attackMs: options.attackMs, releaseMs: options.releaseMs });
  const activity = () =>
    createVoiceActivity({
      noiseFloor: options.noiseFloor,
      speechThreshold: options.speechThreshold,
      hysteresis: options.hysteresis,
      holdMs: options.holdMs,
    });
  let local: { s: LevelSmoother; a: VoiceActivity } = { s: smoother(), a: activity() };
  let bot: { s: LevelSmoother; a: VoiceActivity } = { s: smoother(), a: activity() };
  let muted = false;
  let snapshot = SILENT_LEVELS;
  const listeners = new Set<() => void>();

  // Levels arrive at up to 60 Hz per side: compare before allocating, and skip identical
  // samples (silence) so an idle room costs no renders at all.
  const publish = (local: number, bot: number, localState: VoiceState, botState: VoiceState) => {
    const s = snapshot;
    if (
      s.local === local &&
      s.bot === bot &&
      s.localState === localState &&
      s.botState === botState
    ) {
      return;
    }
    snapshot = { local, bot, localState, botState };
    for (const l of [...listeners]) l();
  };

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
    sampleLocal(raw, now) {
      const level = local.s.next(muted ? 0 : raw, now);
      const state = local.a.update(level, now);
      publish(level, snapshot.bot, state, snapshot.botState);
      return state === 'speaking';
    },
    sampleBot(raw, now) {
      const level = bot.s.next(raw, now);
      const state = bot.a.update(level, now);
      publish(snapshot.local, level, snapshot.localState, state);
      return state === 'speaking';
    },
    setMuted(next) {
      muted = next;
    },
    reset() {
      local = { s: smoother(), a: activity() };
      bot = { s: smoother(), a: activity() };
      muted = false;
      if (snapshot !== SILENT_LEVELS) {
        snapshot = SILENT_LEVELS;
        for (const l of [...listeners]) l();
      }
    },
    listenerCount: () => listeners.size,
  };
}
