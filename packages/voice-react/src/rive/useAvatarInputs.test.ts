import { StateMachineInputType } from '@rive-app/react-canvas';
import { describe, expect, it } from 'vitest';
import { RiveAvatarError } from './RiveAvatarError';
import { applyAvatarState, resolveAvatarInputs, setInputValue } from './useAvatarInputs';
import { fakeInput } from '../../test/rive/fakeRiveInput';

describe('resolveAvatarInputs', () => {
  const happy = fakeInput('isHappy', StateMachineInputType.Boolean, false).input;
  const sad = fakeInput('isSad', StateMachineInputType.Boolean, false).input;
  const mouth = fakeInput('mouth', StateMachineInputType.Number, 0).input;
  const wave = fakeInput('wave', StateMachineInputType.Trigger, false).input;
  const available = [happy, sad, mouth, wave];

  it('finds each mapped input; unmapped ones are null', () => {
    const found = resolveAvatarInputs(available, 'avatar', {
      speaking: 'isHappy',
      thinking: 'isSad',
      level: 'mouth',
    });
    expect(found).toEqual({
      ok: true,
      inputs: { speaking: happy, listening: null, thinking: sad, level: mouth },
    });
  });

  it('an empty mapping drives nothing', () => {
    expect(resolveAvatarInputs([], 'avatar', {})).toEqual({
      ok: true,
      inputs: { speaking: null, listening: null, thinking: null, level: null },
    });
  });

  it('a missing input is a rive-input-missing error naming it and what the machine has', () => {
    const found = resolveAvatarInputs(available, 'avatar', {
      speaking: 'isHappy',
      listening: 'isListening',
    });
    expect(found.ok).toBe(false);
    if (found.ok) return;
    expect(found.error).toBeInstanceOf(RiveAvatarError);
    expect(found.error.code).toBe('rive-input-missing');
    expect(found.error.fatal).toBe(true);
    expect(found.error.input).toBe('isListening');
    expect(found.error.message).toBe(
      'State machine "avatar" has no Boolean input "isListening" (mapped from listening); ' +
        'it has: isHappy (Boolean), isSad (Boolean), mouth (Number), wave (Trigger).',
    );
  });

  it.each([
    ['level', { level: 'isHappy' }, 'Number'],
    ['speaking', { speaking: 'mouth' }, 'Boolean'],
    ['thinking', { thinking: 'wave' }, 'Boolean'],
  ] as const)('a %s input of the wrong type is an error too', (_, names, wanted) => {
    const found = resolveAvatarInputs(available, 'avatar', names);
    expect(found.ok).toBe(false);
    if (!found.ok) expect(found.error.message).toContain(`has no ${wanted} input`);
  });

  it('says so when the state machine has no inputs at all', () => {
    const found = resolveAvatarInputs([], 'idle', { speaking: 'isHappy' });
    if (!found.ok) expect(found.error.message).toMatch(/it has: no inputs\.$/);
    else expect.unreachable();
  });
});

describe('setInputValue / applyAvatarState', () => {
  it('writes only values that changed', () => {
    const { input, writes } = fakeInput('mouth', StateMachineInputType.Number, 0);
    expect(setInputValue(input, 0)).toBe(false);
    expect(setInputValue(input, 0.4)).toBe(true);
    expect(setInputValue(input, 0.4)).toBe(false);
    expect(setInputValue(null, 1)).toBe(false);
    expect(writes).toEqual([0.4]);
  });

  it('applies the three booleans, each only when it changed', () => {
    const speaking = fakeInput('isHappy', StateMachineInputType.Boolean, false);
    const thinking = fakeInput('isSad', StateMachineInputType.Boolean, false);
    const inputs = {
      speaking: speaking.input,
      listening: null,
      thinking: thinking.input,
      level: null,
    };
    applyAvatarState(inputs, { speaking: true, listening: true, thinking: false });
    applyAvatarState(inputs, { speaking: true, listening: false, thinking: false });
    applyAvatarState(inputs, { speaking: false, listening: false, thinking: true });
    expect(speaking.writes).toEqual([true, false]);
    expect(thinking.writes).toEqual([true]);
  });
});
