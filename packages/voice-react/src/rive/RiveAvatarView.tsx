'use client';
import { forwardRef, useMemo } from 'react';
import { LevelInput } from './LevelInput';
import { RiveAvatarFrame } from './RiveAvatarFrame';
import type { RiveAvatarBaseProps } from './riveAvatarProps';

export interface RiveAvatarViewProps extends RiveAvatarBaseProps {
  /** The bot is speaking → the `inputs.speaking` input. Default false. */
  speaking?: boolean;
  /** The bot is listening → the `inputs.listening` input. Default false. */
  listening?: boolean;
  /** The bot is thinking → the `inputs.thinking` input. Default false. */
  thinking?: boolean;
  /** Audio level, 0–1 (times `levelScale`) → the `inputs.level` input. Default 0. */
  level?: number;
}

/**
 * The presentational avatar: a Rive state machine driven by the voice values you pass, no
 * session needed (stories, previews, your own state). `RiveAvatar` is the same avatar wired
 * to the session. See `RiveAvatarBaseProps` for loading, fallback, motion and labelling.
 *
 * @example
 * <RiveAvatarView
 *   src="/avatars.riv"
 *   wasmUrl={wasmUrl}
 *   stateMachine="avatar"
 *   inputs={{ speaking: 'isHappy' }}
 *   speaking
 *   className="size-24"
 * />
 */
export const RiveAvatarView = forwardRef<HTMLDivElement, RiveAvatarViewProps>(
  function RiveAvatarView(
    { speaking = false, listening = false, thinking = false, level = 0, levelScale = 1, ...props },
    ref,
  ) {
    const state = useMemo(
      () => ({ speaking, listening, thinking }),
      [speaking, listening, thinking],
    );
    return (
      <RiveAvatarFrame ref={ref} {...props} state={state}>
        <LevelInput value={level * levelScale} />
      </RiveAvatarFrame>
    );
  },
);
