import { render } from '@testing-library/react';
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import { type ExternalSource, useExternalSelector } from './useExternalSelector';

function counterSource(initial: { n: number; other: number }) {
  let snapshot = initial;
  const listeners = new Set<() => void>();
  let subscribes = 0;
  const source: ExternalSource<typeof initial> = {
    getSnapshot: () => snapshot,
    subscribe(listener) {
      subscribes++;
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    source,
    subscribes: () => subscribes,
    set(next: typeof initial) {
      snapshot = next;
      for (const l of listeners) l();
    },
  };
}

describe('useExternalSelector', () => {
  it('an inline selector keeps the selection (by isEqual) across re-renders and never resubscribes', () => {
    const c = counterSource({ n: 1, other: 0 });
    const seen: Array<{ n: number }> = [];
    function Reader({ tick }: { tick: number }) {
      const picked = useExternalSelector(
        c.source,
        (s) => ({ n: s.n }),
        (a, b) => a.n === b.n,
      );
      seen.push(picked);
      return <span data-tick={tick}>{picked.n}</span>;
    }
    const { rerender } = render(<Reader tick={0} />);
    for (let i = 1; i <= 3; i++) rerender(<Reader tick={i} />);
    act(() => c.set({ n: 1, other: 1 })); // a field it does not read
    expect(new Set(seen).size).toBe(1);
    act(() => c.set({ n: 2, other: 1 }));
    expect(seen.at(-1)).toEqual({ n: 2 });
    expect(c.subscribes()).toBe(1);
  });

  it('a selector that closes over props applies in the render that changed them', () => {
    const c = counterSource({ n: 1, other: 7 });
    const rendered: number[] = [];
    function Reader({ field }: { field: 'n' | 'other' }) {
      const value = useExternalSelector(c.source, (s) => s[field]);
      rendered.push(value);
      return null;
    }
    const { rerender } = render(<Reader field="n" />);
    rerender(<Reader field="other" />);
    expect(rendered).toEqual([1, 7]);
  });
});
