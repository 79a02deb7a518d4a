import type { StateMachineInput, StateMachineInputType } from '@rive-app/react-canvas';

/** A state-machine input as the runtime hands it out, recording every write. */
export function fakeInput(name: string, type: StateMachineInputType, value: boolean | number) {
  const writes: Array<boolean | number> = [];
  const input = {
    name,
    type,
    get value() {
      return value;
    },
    set value(next: boolean | number) {
      writes.push(next);
      value = next;
    },
  };
  return { input: input as unknown as StateMachineInput, writes };
}
