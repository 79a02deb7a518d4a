'use client';
import type { VoiceCall, VoiceSnapshot } from '@parley/voice-core';
import {
  type ComponentType,
  forwardRef,
  lazy,
  type RefAttributes,
  Suspense,
  useCallback,
  useState,
  useSyncExternalStore,
} from 'react';
import { useVoiceSnapshot } from '../hooks/useVoiceSnapshot';
import { useVoiceSessionEngine } from '../voiceSessionContext';
import type { BotAudioPlayerProps } from './BotAudioPlayer';
import type { BotAudioProps } from './botAudioTypes';

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
 * Chooses, once per call, the loaded player or the lazy one. Rendering the loaded one directly
 * (after `preloadBotAudio()`) skips the Suspense round, which React 19 throttles by ~300 ms.
 */
const PlayerSlot = forwardRef<HTMLDivElement, BotAudioPlayerProps>(function PlayerSlot(props, ref) {
  const [Player] = useState<Player>(() => loadedPlayer ?? LazyBotAudioPlayer);
  return (
    <Suspense fallback={null}>
      <Player ref={ref} {...props} />
    </Suspense>
  );
});

const subscribeNothing = () => () => {};
/** False on the server and during hydration, true after: the player never renders on the server. */
const useIsClient = () =>
  useSyncExternalStore(
    subscribeNothing,
    () => true,
    () => false,
  );

const callKeys = new WeakMap<VoiceCall, number>();
let callSeq = 0;
/** A fresh player (and daily-react provider) for every call object. */
function keyOf(call: VoiceCall): number {
  let key = callKeys.get(call);
  if (key === undefined) {
    callSeq += 1;
    key = callSeq;
    callKeys.set(call, key);
  }
  return key;
}

/**
 * Plays the bot's audio through daily-react, in a lazily loaded chunk: daily-react and
 * daily-js are downloaded only when a session goes live (or on `preloadBotAudio()`).
 * Renders nothing on the server and while there is no call; then a `<div>` (rest props and
 * `ref` go onto it) with `data-status="idle" | "playing" | "audioBlocked"`, the bot's hidden
 * `<audio>`, and — while the browser's autoplay policy blocks it — a "Tap to enable audio"
 * button. Reports the playback to the session (`snapshot.playback`) for the rest of the UI.
 *
 * @example
 * <VoiceSessionProvider session={session}>
 *   <AssistantButton />
 *   <BotAudio className="bot-audio" onPlaybackChange={(s) => track('bot-audio', s)} />
 * </VoiceSessionProvider>
 */
export const BotAudio = forwardRef<HTMLDivElement, BotAudioProps>(function BotAudio(props, ref) {
  const session = useVoiceSessionEngine();
  // getCall() is read whenever the snapshot changes; the call is set before the join, whose
  // `joined: true` is always a later snapshot change, so the player mounts before the bot joins.
  const selectCall = useCallback(
    (s: VoiceSnapshot): VoiceCall | null => {
      if (!s.flags.isLive) return null;
      const call = session.getCall();
      return call && !call.isDestroyed() ? call : null;
    },
    [session],
  );
  const call = useVoiceSnapshot(selectCall);
  const isClient = useIsClient();
  if (!isClient || !call) return null;
  return <PlayerSlot key={keyOf(call)} ref={ref} call={call} {...props} />;
});
BotAudio.displayName = 'BotAudio';
