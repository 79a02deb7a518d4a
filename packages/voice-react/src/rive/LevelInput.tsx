'use client';
import type { StateMachineInput } from '@rive-app/react-canvas';
import { createContext, useContext, useEffect } from 'react';
import { setInputValue } from './useAvatarInputs';

/** The avatar's level input, provided by the canvas while it exists and motion is allowed. */
export const LevelInputContext = createContext<StateMachineInput | null>(null);

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
