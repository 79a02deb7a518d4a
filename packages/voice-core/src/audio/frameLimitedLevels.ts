import type { LevelChannel } from './audioManager';

/** At most one level update per display frame at 60 Hz. */
export const LEVEL_FRAME_MS = 1000 / 60;

const cache = new WeakMap<LevelChannel, LevelChannel>();

/**
 * The level channel as a UI should read it: updates at most every `LEVEL_FRAME_MS` (the last
 * sample of a burst is delivered on a trailing timer, never dropped), so a meter commits ≤ 60
 * times a second whatever rate the call samples at. One shared view per channel; it listens to
 * the engine only while some component does, and leaves no timer behind when the last leaves.
 */
export function frameLimitedLevels(channel: LevelChannel): LevelChannel {
  const cached = cache.get(channel);
  if (cached) return cached;
  const listeners = new Set<() => void>();
  let delivered = channel.getSnapshot();
  let lastAt = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let unsubscribe: (() => void) | null = null;

  const deliver = () => {
    timer = null;
    lastAt = Date.now();
    delivered = channel.getSnapshot();
    // A Set skips members deleted during iteration: no copy needed on this 60 Hz path.
    for (const listener of listeners) listener();
  };
  const onSample = () => {
    if (timer !== null) return; // a trailing delivery will carry this sample
    // Whole milliseconds, rounded up: clocks tick in ms and the spacing must never fall short.
    const wait = Math.ceil(lastAt + LEVEL_FRAME_MS - Date.now());
    if (wait <= 0) deliver();
    else timer = setTimeout(deliver, wait);
  };
  const source: LevelChannel = {
    getSnapshot: () => (listeners.size > 0 ? delivered : channel.getSnapshot()),
    subscribe(listener) {
      if (listeners.size === 0) {
        delivered = channel.getSnapshot();
        unsubscribe = channel.subscribe(onSample);
      }
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
        if (listeners.size > 0) return;
        unsubscribe?.();
        unsubscribe = null;
        if (timer !== null) clearTimeout(timer);
        timer = null;
      };
    },
  };
  cache.set(channel, source);
  return source;
}
