'use client';
import { isScrolledToBottom } from '@parley/voice-core/ui';
import { type ForwardedRef, useCallback, useLayoutEffect, useRef } from 'react';

/**
 * Keeps a scroll container at its bottom as `content` changes, unless the reader has scrolled
 * up; scrolling back down resumes following. Merges the caller's forwarded `ref`.
 */
export function useFollowScroll<T extends HTMLElement>(
  forwarded: ForwardedRef<T>,
  content: unknown,
): { ref: (el: T | null) => void; onScroll: () => void } {
  const el = useRef<T | null>(null);
  const following = useRef(true);
  const ref = useCallback(
    (node: T | null) => {
      el.current = node;
      if (typeof forwarded === 'function') forwarded(node);
      else if (forwarded) forwarded.current = node;
    },
    [forwarded],
  );
  const onScroll = useCallback(() => {
    if (el.current) following.current = isScrolledToBottom(el.current);
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: follows each new content
  useLayoutEffect(() => {
    const node = el.current;
    if (node && following.current) node.scrollTop = node.scrollHeight;
  }, [content]);
  return { ref, onScroll };
}
