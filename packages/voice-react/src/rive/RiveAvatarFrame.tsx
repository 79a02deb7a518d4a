'use client';
import type { AvatarVoiceState } from '@parley/voice-core/ui';
import { type CSSProperties, forwardRef, type ReactNode } from 'react';
import { RiveCanvas } from './RiveCanvas';
import type { RiveAvatarBaseProps } from './riveAvatarProps';
import { StaticAvatar } from './StaticAvatar';
import { useLoadPhase } from './useLoadPhase';
import { usePrefersReducedMotion } from '../hooks/usePrefersReducedMotion';

interface RiveAvatarFrameProps extends Omit<RiveAvatarBaseProps, 'levelScale'> {
  state: AvatarVoiceState;
  /** The level driver, mounted inside the canvas once the level input exists. */
  children?: ReactNode;
}

const FILL: CSSProperties = { width: '100%', height: '100%' };
const FILL_HIDDEN: CSSProperties = { ...FILL, visibility: 'hidden' };

/**
 * The wrapper both avatars render: the fallback in flow (hidden, not removed, once Rive is
 * up, so the box never changes size) and the Rive canvas laid over it. A fatal error unmounts
 * the canvas, which releases the Rive instance; a new file, artboard, state machine, runtime
 * or mapping starts a new load.
 */
export const RiveAvatarFrame = forwardRef<HTMLDivElement, RiveAvatarFrameProps>(
  function RiveAvatarFrame(props, ref) {
    const {
      src,
      wasmUrl,
      artboard,
      stateMachine,
      inputs,
      state,
      fallback,
      label,
      reducedMotion,
      onError,
      onRiveReady,
      style,
      children,
      ...rest
    } = props;
    const prefersReducedMotion = usePrefersReducedMotion();
    const reduced = reducedMotion ?? prefersReducedMotion;

    // One load per runtime/file/artboard/state machine/mapping: a new one starts from 'loading'.
    const loadKey = [
      wasmUrl,
      src,
      artboard ?? '',
      stateMachine,
      inputs.speaking ?? '',
      inputs.listening ?? '',
      inputs.thinking ?? '',
      inputs.level ?? '',
    ].join('\n');
    const { phase, onLoaded, onReport } = useLoadPhase(loadKey, onError);

    return (
      <div
        ref={ref}
        {...rest}
        {...(label ? { role: 'img', 'aria-label': label } : { 'aria-hidden': true })}
        style={{ position: 'relative', ...style }}
        data-state={phase}
        data-motion={reduced ? 'reduced' : 'full'}
        data-speaking={state.speaking ? '' : undefined}
        data-listening={state.listening ? '' : undefined}
        data-thinking={state.thinking ? '' : undefined}
      >
        <div data-part="fallback" style={phase === 'ready' ? FILL_HIDDEN : FILL}>
          {fallback === undefined ? <StaticAvatar /> : fallback}
        </div>
        {phase !== 'failed' && (
          <RiveCanvas
            key={loadKey}
            src={src}
            wasmUrl={wasmUrl}
            artboard={artboard}
            stateMachine={stateMachine}
            inputs={inputs}
            state={state}
            paused={reduced}
            visible={phase === 'ready'}
            onLoaded={onLoaded}
            onReport={onReport}
            onRiveReady={onRiveReady}
          >
            {children}
          </RiveCanvas>
        )}
      </div>
    );
  },
);
