'use client';
import { type CSSProperties, type ReactNode, useEffect } from 'react';
import { LevelInputContext } from './LevelInput';
import { type RiveAvatarError, useErrorReport } from './RiveAvatarError';
import { useAvatarInputs } from './useAvatarInputs';
import { useRiveFile } from './useRiveFile';
import { type RiveInstanceOptions, useRiveInstance } from './useRiveInstance';

export interface RiveCanvasProps extends RiveInstanceOptions {
  wasmUrl: string;
  /** False until loaded: the canvas keeps its size (Rive needs it) but is not seen. */
  visible: boolean;
  onReport(error: RiveAvatarError): void;
  /** Level drivers; mounted only while the level input exists and motion is allowed. */
  children?: ReactNode;
}

const LAYER: CSSProperties = { position: 'absolute', inset: 0 };
const HIDDEN_LAYER: CSSProperties = { ...LAYER, visibility: 'hidden' };
// Constant, so React never rewrites the pixel size the resize logic of useRive sets on it.
const CANVAS: CSSProperties = { display: 'block', width: '100%', height: '100%' };

/**
 * One Rive instance on one canvas, for one file/artboard/state machine/input mapping (the
 * parent keys it by them). Loads the wasm and the `.riv` in parallel, creates the instance
 * once both are there, and reports every failure through `onReport` — nothing here throws or
 * logs.
 */
export function RiveCanvas(props: RiveCanvasProps) {
  const { src, wasmUrl, state, paused, visible, onReport, children } = props;
  const errors = useErrorReport(onReport);
  const buffer = useRiveFile(src, wasmUrl, errors.report);
  const { loaded, setCanvasRef, setContainerRef } = useRiveInstance(buffer, props, errors);
  useAvatarInputs(loaded?.inputs ?? null, state);

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
