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
    let memo: { snapshot: S; selection: T } | null = null;
    return (): T => {
      const snapshot = source.getSnapshot();
      if (memo && Object.is(memo.snapshot, snapshot)) return memo.selection;
      const next = selector(snapshot);
      const selection = memo && isEqual(memo.selection, next) ? memo.selection : next;
      memo = { snapshot, selection };
      return selection;
    };
  }, [source, selector, isEqual]);
  // The engine is safe to read on the server, so the server snapshot is the same getter.
  return useSyncExternalStore(source.subscribe, getSelection, getSelection);
}
