'use client';
import type { AvatarVoiceState } from '@parley/voice-core/ui';
import {
  type Event as RiveEvent,
  type Rive,
  type UseRiveParameters,
  useRive,
} from '@rive-app/react-canvas';
import { useInsertionEffect, useMemo, useRef, useState } from 'react';
import { type ErrorReport, RiveAvatarError } from './RiveAvatarError';
import {
  applyAvatarState,
  type ResolvedAvatarInputs,
  type RiveAvatarInputs,
  resolveAvatarInputs,
} from './useAvatarInputs';

export interface RiveInstanceOptions {
  src: string;
  artboard: string | undefined;
  stateMachine: string;
  /** Read once, when the file has loaded (the parent's key includes the mapping). */
  inputs: RiveAvatarInputs;
  state: AvatarVoiceState;
  /** Reduced motion: the state machine holds still (inputs are still written). */
  paused: boolean;
  onLoaded(): void;
  onRiveReady: ((rive: Rive) => void) | undefined;
}

const warned = new Set<string>();
/**
 * A mapping the file does not fit shows the static fallback, which looks like a working
 * avatar: development builds say why once, naming the inputs the file has (`onError` gets the
 * same error in every build).
 */
function warnInDevelopment(message: string): void {
  if (process.env.NODE_ENV === 'production' || warned.has(message)) return;
  warned.add(message);
  console.warn(`[RiveAvatar] ${message}`);
}

export interface LoadedRive {
  readonly rive: Rive;
  readonly inputs: ResolvedAvatarInputs;
}

/**
 * The Rive instance over `buffer` (once there is one), with its mapped inputs found and set to
 * the current state before the first frame. A file Rive can't read and a mapping the state
 * machine lacks are reported; `loaded` stays null then.
 */
export function useRiveInstance(
  buffer: ArrayBuffer | null,
  options: RiveInstanceOptions,
  { report, mounted }: ErrorReport,
) {
  const { src, artboard, stateMachine } = options;
  // Rive calls back long after render; it must see the latest options, not the first ones.
  const latest = useRef(options);
  useInsertionEffect(() => {
    latest.current = options;
  });
  const [loaded, setLoaded] = useState<LoadedRive | null>(null);
  // useRive creates its instance once, from the first non-null parameters.
  const params = useMemo<UseRiveParameters>(
    () =>
      buffer && {
        buffer,
        artboard,
        stateMachine,
        autoplay: !latest.current.paused,
        // Assets referenced from Rive's CDN would be a request off the app's origin.
        enableRiveAssetCDN: false,
        onLoadError: (event: RiveEvent) => {
          const detail = typeof event.data === 'string' ? event.data : 'unknown error';
          const message = `Rive could not load ${src}: ${detail}`;
          report(new RiveAvatarError('rive-load-failed', { message }));
        },
        onRiveReady: (rive: Rive) => {
          if (!mounted.current) return;
          const { inputs: names, state: values, onLoaded, onRiveReady } = latest.current;
          const found = resolveAvatarInputs(
            rive.stateMachineInputs(stateMachine) ?? [],
            stateMachine,
            names,
          );
          if (!found.ok) {
            warnInDevelopment(found.error.message);
            return report(found.error);
          }
          // Before the first advance, so the first frame already shows the current state.
          applyAvatarState(found.inputs, values);
          setLoaded({ rive, inputs: found.inputs });
          onLoaded();
          onRiveReady?.(rive);
        },
      },
    [buffer, src, artboard, stateMachine, report, mounted],
  );
  const { setCanvasRef, setContainerRef } = useRive(params);
  return { loaded, setCanvasRef, setContainerRef };
}
