'use client';
import { useMemo, useRef, useSyncExternalStore } from 'react';

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
 * The latest `selector` and `isEqual` are kept in a ref, so inline functions are fine: the
 * getter React subscribes with is built once per source. The selection is memoised on the
 * source's snapshot identity (the engine replaces its snapshot on every change and keeps it
 * otherwise) and on the selector: a new selector runs once, and its result replaces the last
 * selection only if `isEqual` says it differs.
 */
export function useExternalSelector<S, T>(
  source: ExternalSource<S>,
  selector: (snapshot: S) => T,
  isEqual: (a: T, b: T) => boolean = Object.is,
): T {
  const latest = useRef({ selector, isEqual });
  // Written during render on purpose: the getter below runs during this same render and must
  // apply this render's selector (a selector closing over props would otherwise lag a render).
  latest.current.selector = selector;
  latest.current.isEqual = isEqual;
  const getSelection = useMemo(() => {
    // Plain variables, not a memo object: this runs on every level sample (60 Hz).
    let hasMemo = false;
    let memoSnapshot: S;
    let memoSelector: (snapshot: S) => T;
    let memoSelection: T;
    return (): T => {
      const snapshot = source.getSnapshot();
      const { selector: select, isEqual: equal } = latest.current;
      if (hasMemo && memoSelector === select && Object.is(memoSnapshot, snapshot)) {
        return memoSelection;
      }
      const next = select(snapshot);
      if (!hasMemo || !equal(memoSelection, next)) memoSelection = next;
      memoSnapshot = snapshot;
      memoSelector = select;
      hasMemo = true;
      return memoSelection;
    };
  }, [source]);
  // The engine is safe to read on the server, so the server snapshot is the same getter.
  return useSyncExternalStore(source.subscribe, getSelection, getSelection);
}
