'use client';
import { useCallback, useInsertionEffect, useRef, useState } from 'react';
import type { RiveAvatarError } from './RiveAvatarError';
import type { AvatarPhase } from './riveAvatarProps';

/**
 * The phase of the load named by `loadKey`: a new key starts again from `loading`. `onLoaded`
 * and `onReport` are for that load's canvas; a fatal report fails it, and every report goes on
 * to the latest `onError`.
 */
export function useLoadPhase(
  loadKey: string,
  onError: ((error: RiveAvatarError) => void) | undefined,
) {
  const [status, setStatus] = useState({ key: loadKey, phase: 'loading' as AvatarPhase });
  const phase: AvatarPhase = status.key === loadKey ? status.phase : 'loading';

  // Read when Rive reports, which can be in a child's effect of this very commit.
  const onErrorRef = useRef(onError);
  useInsertionEffect(() => {
    onErrorRef.current = onError;
  });
  const onLoaded = useCallback(() => setStatus({ key: loadKey, phase: 'ready' }), [loadKey]);
  const onReport = useCallback(
    (error: RiveAvatarError) => {
      if (error.fatal) setStatus({ key: loadKey, phase: 'failed' });
      onErrorRef.current?.(error);
    },
    [loadKey],
  );
  return { phase, onLoaded, onReport };
}
