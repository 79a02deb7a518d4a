'use client';
import {
  type ComponentType,
  forwardRef,
  lazy,
  type RefAttributes,
  Suspense,
  useState,
} from 'react';
import type { BotAudioPlayerProps } from './BotAudioPlayer';

type Player = ComponentType<BotAudioPlayerProps & RefAttributes<HTMLDivElement>>;
type PlayerModule = { default: Player };

let playerModule: Promise<PlayerModule> | null = null;
/** The player once its chunk has loaded: rendered directly, with no Suspense round. */
let loadedPlayer: Player | null = null;

/** The player chunk (daily-react + daily-js), fetched once however often it is asked for. */
function loadPlayer(): Promise<PlayerModule> {
  playerModule ??= import('./BotAudioPlayer').then(
    (module) => {
      loadedPlayer = module.default;
      return module;
    },
    (error: unknown) => {
      playerModule = null; // a failed download may be retried by the next preload
      throw error;
    },
  );
  return playerModule;
}

/** How many `BotAudio`s each session has mounted: a start control preloads the player only for those. */
const mountedFor = new WeakMap<object, number>();

/** Counts a mounted `BotAudio` for `session`; returns the uncount. */
export function countBotAudio(session: object): () => void {
  mountedFor.set(session, (mountedFor.get(session) ?? 0) + 1);
  return () => mountedFor.set(session, (mountedFor.get(session) ?? 1) - 1);
}

/** Whether a `BotAudio` is mounted for `session`, i.e. whether its player chunk will be used. */
export function hasBotAudio(session: object): boolean {
  return (mountedFor.get(session) ?? 0) > 0;
}

/**
 * Starts downloading `BotAudio`'s player chunk (daily-react and daily-js) without rendering
 * it. Call it on the user's start intent — hover, focus, press of the start button — so the
 * bot's audio is ready by the time the session connects. Fetches once however often it is
 * called; a no-op on the server. Resolves when the chunk is ready (or failed): never rejects.
 *
 * @example
 * <button onPointerEnter={preloadBotAudio} onFocus={preloadBotAudio} onClick={start}>Talk</button>
 */
export function preloadBotAudio(): Promise<void> {
  if (typeof window === 'undefined') return Promise.resolve();
  return loadPlayer().then(
    () => {},
    () => {},
  );
}

// A chunk that fails to load renders nothing rather than throwing into the app's render.
const PlayerUnavailable = () => null;
const LazyBotAudioPlayer = lazy(() =>
  loadPlayer().catch((): PlayerModule => ({ default: PlayerUnavailable })),
);

/**
 * The lazily loaded player, or — once `preloadBotAudio()` has loaded it — the player itself,
 * chosen once per call. Rendering the loaded one directly skips the Suspense round, which
 * React 19 throttles by ~300 ms.
 */
export const PlayerSlot = forwardRef<HTMLDivElement, BotAudioPlayerProps>(
  function PlayerSlot(props, ref) {
    const [Player] = useState<Player>(() => loadedPlayer ?? LazyBotAudioPlayer);
    return (
      <Suspense fallback={null}>
        <Player ref={ref} {...props} />
      </Suspense>
    );
  },
);
