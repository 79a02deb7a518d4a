'use client';
import type { Rive } from '@rive-app/react-canvas';
import {
  type CSSProperties,
  forwardRef,
  type HTMLAttributes,
  type ReactNode,
  useCallback,
  useInsertionEffect,
  useRef,
  useState,
} from 'react';
import type { AvatarVoiceState, RiveAvatarInputs } from './avatarInputs';
import { RiveCanvas } from './RiveCanvas';
import type { RiveAvatarError } from './RiveAvatarError';
import { StaticAvatar } from './StaticAvatar';
import { usePrefersReducedMotion } from './usePrefersReducedMotion';

/**
 * The props `RiveAvatar` and `RiveAvatarView` share. Both render one `div` (ref, `className`,
 * `style` and other attributes land on it) that takes its size from your CSS — or, without
 * any, from the fallback. It shows `data-state="loading" | "ready" | "failed"`,
 * `data-motion="full" | "reduced"`, and `data-speaking` / `data-listening` / `data-thinking`
 * while true, so the fallback can be styled per state too.
 */
export interface RiveAvatarBaseProps
  extends Omit<
    HTMLAttributes<HTMLDivElement>,
    'children' | 'onError' | 'role' | 'aria-label' | 'aria-hidden'
  > {
  /** URL of the `.riv` file (served by the app). */
  src: string;
  /**
   * URL of the Rive runtime's `rive.wasm`, served by the app — there is no CDN fallback.
   * With Vite: `import wasmUrl from '@rive-app/canvas/rive.wasm?url'`. The runtime is one per
   * page: the first avatar's URL is used, and a different one later is reported to `onError`
   * (`rive-wasm-url-conflict`, not fatal).
   */
  wasmUrl: string;
  /** Artboard name; default the file's default artboard. */
  artboard?: string;
  /** Name of the state machine that owns the inputs, e.g. `'avatar'`. */
  stateMachine: string;
  /** Which state-machine input each voice value drives, e.g. `{ speaking: 'isHappy' }`. */
  inputs: RiveAvatarInputs;
  /** Shown while Rive loads and whenever it can't. Default `<StaticAvatar />`; `null` for none. */
  fallback?: ReactNode;
  /**
   * Accessible name. Given: the avatar is `role="img"` with this label. Omitted: it is
   * decorative (`aria-hidden`) — right when the bot's state is already said in text nearby.
   */
  label?: string;
  /**
   * Overrides the user's `prefers-reduced-motion` setting. When reduced, the Rive artwork stays
   * on screen but holds still: the state machine is paused (no idle loop, no transitions, the
   * level input is not driven). Inputs are still written, so the avatar is right when motion
   * comes back — it resumes live when the OS setting changes, without reloading.
   */
  reducedMotion?: boolean;
  /**
   * Called with a typed error whenever the avatar can't do what it was asked: the fallback
   * stays up for `error.fatal` ones. The component itself never throws or logs.
   */
  onError?: (error: RiveAvatarError) => void;
  /**
   * Called with the Rive instance once it has loaded and the inputs are found — an escape
   * hatch for what the mapping doesn't cover (a trigger, data binding). The instance belongs
   * to the avatar: valid until it unmounts or loads another file; don't `cleanup()` it.
   */
  onRiveReady?: (rive: Rive) => void;
  /** The `level` input receives the audio level (0–1) times this. Default 1; use 100 for a 0–100 input. */
  levelScale?: number;
}

export type AvatarPhase = 'loading' | 'ready' | 'failed';

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
    const [status, setStatus] = useState({ key: loadKey, phase: 'loading' as AvatarPhase });
    const phase: AvatarPhase = status.key === loadKey ? status.phase : 'loading';

    // Read when Rive reports, which can be in a child's effect of this very commit.
    const onErrorRef = useRef(onError);
    useInsertionEffect(() => {
      onErrorRef.current = onError;
    });
    const onLoaded = useCallback(() => setStatus({ key: loadKey, phase: 'ready' }), [loadKey]);
    const onReport = useCallback(
      (error: RiveAvatarError) => {
        if (error.fatal) setStatus({ key: loadKey, phase: 'failed' });
        onErrorRef.current?.(error);
      },
      [loadKey],
    );

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
