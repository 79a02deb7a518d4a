'use client';
import { sameAvatarState, selectAvatarState } from '@parley/voice-core/ui';
import { forwardRef } from 'react';
import { useAudioLevel } from '../hooks/useAudioLevel';
import { useVoiceSnapshot } from '../hooks/useVoiceSnapshot';
import { useLevelInput } from './LevelInput';
import { RiveAvatarFrame } from './RiveAvatarFrame';
import type { RiveAvatarBaseProps } from './riveAvatarProps';

export type RiveAvatarProps = RiveAvatarBaseProps;

/**
 * The bot's avatar, driven by the session of the nearest `VoiceSessionProvider`:
 * `speaking` ← the bot speaks, `listening` ← the session is active and the floor is the
 * user's, `thinking` ← the bot's LLM works before it speaks, `level` ← the bot's audio level.
 * Only a small child re-renders with the level (10–60 Hz); the avatar re-renders when one of
 * the three booleans changes. Like every hook of this package, it needs the provider above it.
 *
 * Import it from `@parley/voice-react/rive` — the only entry that loads Rive — lazily if the
 * avatar isn't on every screen:
 *
 * @example
 * const RiveAvatar = lazy(() =>
 *   import('@parley/voice-react/rive').then((m) => ({ default: m.RiveAvatar })),
 * );
 * <Suspense fallback={<div className="size-24" />}>
 *   <RiveAvatar
 *     src="/avatars.riv"
 *     wasmUrl={wasmUrl}
 *     stateMachine="avatar"
 *     inputs={{ speaking: 'isHappy' }}
 *     label="Assistant"
 *   />
 * </Suspense>
 */
export const RiveAvatar = forwardRef<HTMLDivElement, RiveAvatarProps>(function RiveAvatar(
  { levelScale = 1, ...props },
  ref,
) {
  const state = useVoiceSnapshot(selectAvatarState, sameAvatarState);
  return (
    <RiveAvatarFrame ref={ref} {...props} state={state}>
      <BotLevelInput scale={levelScale} />
    </RiveAvatarFrame>
  );
});

function BotLevelInput({ scale }: { scale: number }): null {
  useLevelInput(useAudioLevel('bot') * scale);
  return null;
}
