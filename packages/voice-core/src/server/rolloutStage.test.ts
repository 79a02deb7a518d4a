import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inRollout } from './rolloutStage';

const ids = Array.from({ length: 2000 }, (_, i) => `assistant-${i}`);
const share = (percent: number) =>
  ids.filter((id) => inRollout({ percent }, id)).length / ids.length;

describe('rollout stages', () => {
  it('a percentage admits about that share of assistants', () => {
    expect([0, 10, 50, 100].map((p) => Math.round(share(p) * 100))).toEqual([0, 10, 50, 100]);
  });

  it('an assistant that is in stays in as the share grows, whoever asks', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        fc.string(),
        (id, a, b, user) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          if (inRollout({ percent: low }, id))
            expect(inRollout({ percent: high }, id, user)).toBe(true);
        },
      ),
    );
  });

  it('the allowlists admit their assistants and users at 0 %, nobody else', () => {
    const stage = { assistants: ['internal'], users: ['staff'], percent: 0 };
    expect([
      inRollout(stage, 'internal', 'anyone'),
      inRollout(stage, 'public', 'staff'),
      inRollout(stage, 'public', 'anyone'),
      inRollout(stage, 'public'),
    ]).toEqual([true, true, false, false]);
  });
});
