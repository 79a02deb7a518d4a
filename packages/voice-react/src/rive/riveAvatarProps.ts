import type { Rive } from '@rive-app/react-canvas';
import type { HTMLAttributes, ReactNode } from 'react';
import type { RiveAvatarError } from './RiveAvatarError';
import type { RiveAvatarInputs } from './useAvatarInputs';

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
   * stays up for `error.fatal` ones. The component itself never throws; in development
   * builds (`NODE_ENV` not `production`) an input missing from the file is also one console
   * warning naming the inputs the file has.
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
