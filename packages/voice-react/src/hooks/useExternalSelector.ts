'use client';
import { useMemo, useSyncExternalStore } from 'react';

/** Anything with the engine's `subscribe` + synchronous getter pair. */
export interface ExternalSource<S> {
  subscribe(listener: () => void): () => void;
  getSnapshot(): S;
}

/**
 * The one binding between the engine and React: `useSyncExternalStore` over a source, with a
 * selector and an equality check, so a component re-renders only when what it reads changed.
 * Both the session snapshot and the level channel go through here.
 *
 * The selection is memoised on the source's snapshot identity (the engine replaces its
 * snapshot on every change and keeps it otherwise), so an inline selector is fine.
 */
export function useExternalSelector<S, T>(
  source: ExternalSource<S>,
  selector: (snapshot: S) => T,
  isEqual: (a: T, b: T) => boolean = Object.is,
): T {
  const getSelection = useMemo(() => {
    // Two variables, not a memo object: this runs on every level sample (60 Hz).
    let hasMemo = false;
    let memoSnapshot: S;
    let memoSelection: T;
    return (): T => {
      const snapshot = source.getSnapshot();
      if (hasMemo && Object.is(memoSnapshot, snapshot)) return memoSelection;
      const next = selector(snapshot);
      if (!hasMemo || !isEqual(memoSelection, next)) memoSelection = next;
      memoSnapshot = snapshot;
      hasMemo = true;
      return memoSelection;
    };
  }, [source, selector, isEqual]);
  // The engine is safe to read on the server, so the server snapshot is the same getter.
  return useSyncExternalStore(source.subscribe, getSelection, getSelection);
}
