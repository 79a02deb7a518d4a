'use client';
import {
  type Event as RiveEvent,
  type Rive,
  type StateMachineInput,
  type UseRiveParameters,
  useRive,
} from '@rive-app/react-canvas';
import {
  type CSSProperties,
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useInsertionEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import {
  type AvatarVoiceState,
  applyAvatarState,
  type ResolvedAvatarInputs,
  type RiveAvatarInputs,
  resolveAvatarInputs,
  setInputValue,
} from './avatarInputs';
import { fetchRiveFile } from './fetchRiveFile';
import { RiveAvatarError } from './RiveAvatarError';
import { prepareRiveRuntime } from './riveRuntime';

export interface RiveCanvasProps {
  src: string;
  wasmUrl: string;
  artboard: string | undefined;
  stateMachine: string;
  /** Read once, when the file has loaded (the parent's key includes the mapping). */
  inputs: RiveAvatarInputs;
  state: AvatarVoiceState;
  /** Reduced motion: the state machine holds still (inputs are still written). */
  paused: boolean;
  /** False until loaded: the canvas keeps its size (Rive needs it) but is not seen. */
  visible: boolean;
  onLoaded(): void;
  onReport(error: RiveAvatarError): void;
  onRiveReady: ((rive: Rive) => void) | undefined;
  /** Level drivers; mounted only while the level input exists and motion is allowed. */
  children?: ReactNode;
}

interface LoadedRive {
  readonly rive: Rive;
  readonly inputs: ResolvedAvatarInputs;
}

const LevelInputContext = createContext<StateMachineInput | null>(null);

const LAYER: CSSProperties = { position: 'absolute', inset: 0 };
const HIDDEN_LAYER: CSSProperties = { ...LAYER, visibility: 'hidden' };
// Constant, so React never rewrites the pixel size the resize logic of useRive sets on it.
const CANVAS: CSSProperties = { display: 'block', width: '100%', height: '100%' };

/**
 * One Rive instance on one canvas, for one file/artboard/state machine/input mapping (the
 * parent keys it by them). Loads the wasm and the `.riv` in parallel, creates the instance once both are
 * there, and reports every failure through `onReport` — nothing here throws or logs.
 */
export function RiveCanvas(props: RiveCanvasProps) {
  const { src, wasmUrl, artboard, stateMachine, state, paused, visible, children } = props;
  // Rive calls back long after render; it must see the latest props, not the first ones.
  const latest = useRef(props);
  useInsertionEffect(() => {
    latest.current = props;
  });
  // Reports stop once unmounted, and a load fails only once.
  const alive = useRef(false);
  const failed = useRef(false);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);
  const report = useCallback((error: RiveAvatarError) => {
    if (!alive.current || (error.fatal && failed.current)) return;
    if (error.fatal) failed.current = true;
    latest.current.onReport(error);
  }, []);

  const [buffer, setBuffer] = useState<ArrayBuffer | null>(null);
  useEffect(() => {
    const abort = new AbortController();
    const runtime = prepareRiveRuntime(wasmUrl);
    if (runtime.conflict) report(runtime.conflict);
    Promise.all([fetchRiveFile(src, abort.signal), runtime.ready]).then(
      ([bytes]) => {
        if (!abort.signal.aborted) setBuffer(bytes);
      },
      (error: unknown) => {
        if (!abort.signal.aborted) report(asAvatarError(error));
      },
    );
    return () => abort.abort();
  }, [src, wasmUrl, report]);

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
          report(new RiveAvatarError('rive-load-failed', describeLoadError(event, src)));
        },
        onRiveReady: (rive: Rive) => {
          if (!alive.current) return;
          const { inputs: names, state: values, onLoaded, onRiveReady } = latest.current;
          const found = resolveAvatarInputs(
            rive.stateMachineInputs(stateMachine) ?? [],
            stateMachine,
            names,
          );
          if (!found.ok) return report(found.error);
          // Before the first advance, so the first frame already shows the current state.
          applyAvatarState(found.inputs, values);
          setLoaded({ rive, inputs: found.inputs });
          onLoaded();
          onRiveReady?.(rive);
        },
      },
    [buffer, src, artboard, stateMachine, report],
  );
  const { setCanvasRef, setContainerRef } = useRive(params);

  const { speaking, listening, thinking } = state;
  useEffect(() => {
    if (loaded) applyAvatarState(loaded.inputs, { speaking, listening, thinking });
  }, [loaded, speaking, listening, thinking]);

  useEffect(() => {
    const rive = loaded?.rive;
    if (!rive) return;
    if (paused && rive.isPlaying) rive.pause();
    else if (!paused && !rive.isPlaying) rive.play();
  }, [loaded, paused]);

  const levelInput = loaded && !paused ? loaded.inputs.level : null;
  return (
    <div ref={setContainerRef} data-part="rive" style={visible ? LAYER : HIDDEN_LAYER}>
      <canvas ref={setCanvasRef} style={CANVAS} />
      {levelInput && (
        <LevelInputContext.Provider value={levelInput}>{children}</LevelInputContext.Provider>
      )}
    </div>
  );
}

/**
 * Writes `value` to the avatar's level input when it changed. For the small components that
 * own the level, so 10–60 Hz updates re-render only them.
 */
export function useLevelInput(value: number): void {
  const input = useContext(LevelInputContext);
  useEffect(() => {
    setInputValue(input, value);
  }, [input, value]);
}

/** Drives the level input from a prop. */
export function LevelInput({ value }: { value: number }): null {
  useLevelInput(value);
  return null;
}

function asAvatarError(error: unknown): RiveAvatarError {
  if (error instanceof RiveAvatarError) return error;
  return new RiveAvatarError('rive-load-failed', String(error), { cause: error });
}

function describeLoadError(event: RiveEvent, src: string): string {
  const detail = typeof event.data === 'string' ? event.data : 'unknown error';
  return `Rive could not load ${src}: ${detail}`;
}
