'use client';
import type { AvatarVoiceState } from '@parley/voice-core/ui';
import { type StateMachineInput, StateMachineInputType } from '@rive-app/react-canvas';
import { useEffect } from 'react';
import { RiveAvatarError } from './RiveAvatarError';

/**
 * Which input of the `.riv`'s state machine each voice value drives; leave out what the file
 * doesn't have. `speaking`, `listening` and `thinking` need Boolean inputs, `level` a Number.
 *
 * @example
 * { speaking: 'isHappy' }              // the sample avatars.riv
 * { speaking: 'talking', level: 'mouth' }
 */
export interface RiveAvatarInputs {
  speaking?: string;
  listening?: string;
  thinking?: string;
  level?: string;
}

type BooleanKey = keyof AvatarVoiceState;
const BOOLEAN_KEYS: readonly BooleanKey[] = ['speaking', 'listening', 'thinking'];
const INPUT_TYPES: ReadonlyArray<readonly [keyof RiveAvatarInputs, StateMachineInputType]> = [
  ['speaking', StateMachineInputType.Boolean],
  ['listening', StateMachineInputType.Boolean],
  ['thinking', StateMachineInputType.Boolean],
  ['level', StateMachineInputType.Number],
];

/** The inputs found for a mapping; `null` where the mapping names none. */
export interface ResolvedAvatarInputs {
  readonly speaking: StateMachineInput | null;
  readonly listening: StateMachineInput | null;
  readonly thinking: StateMachineInput | null;
  readonly level: StateMachineInput | null;
}

export type InputResolution =
  | { readonly ok: true; readonly inputs: ResolvedAvatarInputs }
  | { readonly ok: false; readonly error: RiveAvatarError };

/**
 * Finds the mapped inputs among the state machine's, checking each one's type. The first
 * missing or mistyped one is the error; its message lists what the state machine does have.
 */
export function resolveAvatarInputs(
  available: readonly StateMachineInput[],
  stateMachine: string,
  names: RiveAvatarInputs,
): InputResolution {
  const found: Partial<Record<keyof RiveAvatarInputs, StateMachineInput>> = {};
  for (const [key, type] of INPUT_TYPES) {
    const name = names[key];
    if (name === undefined) continue;
    const input = available.find((i) => i.name === name);
    if (!input || input.type !== type) {
      const has = available.map((i) => `${i.name} (${StateMachineInputType[i.type]})`).join(', ');
      const message =
        `State machine "${stateMachine}" has no ${StateMachineInputType[type]} input "${name}" ` +
        `(mapped from ${key}); it has: ${has || 'no inputs'}.`;
      return {
        ok: false,
        error: new RiveAvatarError('rive-input-missing', { message, input: name }),
      };
    }
    found[key] = input;
  }
  return {
    ok: true,
    inputs: {
      speaking: found.speaking ?? null,
      listening: found.listening ?? null,
      thinking: found.thinking ?? null,
      level: found.level ?? null,
    },
  };
}

/** Writes `value` only when the input holds another one. Returns whether it wrote. */
export function setInputValue(input: StateMachineInput | null, value: boolean | number): boolean {
  if (!input || input.value === value) return false;
  input.value = value;
  return true;
}

/** Writes the three booleans (each only if it changed). */
export function applyAvatarState(inputs: ResolvedAvatarInputs, state: AvatarVoiceState): void {
  for (const key of BOOLEAN_KEYS) setInputValue(inputs[key], state[key]);
}

/** Keeps the resolved inputs (once there are some) in step with the avatar's state. */
export function useAvatarInputs(
  inputs: ResolvedAvatarInputs | null,
  { speaking, listening, thinking }: AvatarVoiceState,
): void {
  useEffect(() => {
    if (inputs) applyAvatarState(inputs, { speaking, listening, thinking });
  }, [inputs, speaking, listening, thinking]);
}
