'use client';
import type { VoiceCall, VoiceSnapshot } from '@parley/voice-core';
import { forwardRef, useCallback, useSyncExternalStore } from 'react';
import { useVoiceSnapshot } from '../hooks/useVoiceSnapshot';
import { useVoiceSessionEngine } from '../voiceSessionContext';
import type { BotAudioProps } from './botAudioTypes';
import { PlayerSlot } from './PlayerSlot';

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
