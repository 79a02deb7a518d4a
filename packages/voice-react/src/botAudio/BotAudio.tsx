'use client';
import type { VoiceCall, VoiceSnapshot } from '@parley/voice-core';
import { forwardRef, useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { useVoiceSnapshot } from '../hooks/useVoiceSnapshot';
import { useVoiceSessionEngine } from '../voiceSessionContext';
import type { BotAudioProps } from './botAudioTypes';
import { PlayerBoundary } from './PlayerBoundary';
import { countBotAudio, PlayerSlot } from './PlayerSlot';

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
 * `ref` go onto it) with `data-status="idle" | "playing" | "audioBlocked" | "failed"`, the
 * bot's hidden `<audio>`, and — while the browser's autoplay policy blocks it — a "Tap to
 * enable audio" button. Reports the playback to the session (`snapshot.playback`) for the rest
 * of the UI. A player that throws (a track the browser cannot play) stays inside: `failed`,
 * a non-fatal `PlaybackError` on `voice.error`, and the rest of the app keeps rendering.
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
  // So a start control knows the player chunk will be used (and preloads it on hover).
  useEffect(() => countBotAudio(session), [session]);
  // The player goes with the call's `left-meeting`, in the same render as daily-react's own
  // reaction to it: daily-react re-reads the network topology after a leave, which on a call
  // the engine destroys right after leaving is a rejected "Use after destroy".
  const [leftCall, setLeftCall] = useState<VoiceCall | null>(null);
  useEffect(() => {
    if (!call) return;
    const onLeft = () => setLeftCall(call);
    call.on('left-meeting', onLeft);
    return () => {
      call.off('left-meeting', onLeft);
    };
  }, [call]);
  if (!isClient || !call || call === leftCall) return null;
  const { blockedLabel, renderBlocked, renderDevices, onPlaybackChange, ...rest } = props;
  return (
    <PlayerBoundary
      key={keyOf(call)}
      session={session}
      fallback={<div {...rest} ref={ref} data-status="failed" />}
      onFailed={() => onPlaybackChange?.('failed')}
    >
      <PlayerSlot ref={ref} call={call} {...props} />
    </PlayerBoundary>
  );
});
BotAudio.displayName = 'BotAudio';
