'use client';
import { useEffect, useLayoutEffect } from 'react';

/**
 * `useLayoutEffect` in the browser (runs before paint), `useEffect` on the server, where
 * `useLayoutEffect` warns and neither runs.
 */
export const useIsomorphicLayoutEffect =
  typeof window === 'undefined' ? useEffect : useLayoutEffect;
