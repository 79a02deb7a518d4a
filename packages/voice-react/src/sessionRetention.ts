import type { VoiceSession } from '@parley/voice-core';

/**
 * Ends a session when its last provider really unmounts — not when StrictMode or fast refresh
 * runs an effect's cleanup and setup back to back. The cleanup only schedules the stop on a
 * microtask; a setup for the same session in the same tick cancels it. Module-level, so two
 * providers over one external session share the count.
 */
const mounts = new Map<VoiceSession, number>();
const pending = new Map<VoiceSession, object>();

export function retainOnMount(session: VoiceSession): void {
  mounts.set(session, (mounts.get(session) ?? 0) + 1);
  pending.delete(session);
}

export function releaseOnUnmount(session: VoiceSession): void {
  const left = (mounts.get(session) ?? 1) - 1;
  if (left > 0) {
    mounts.set(session, left);
    return;
  }
  mounts.delete(session);
  const entry = {};
  pending.set(session, entry);
  queueMicrotask(() => {
    if (pending.get(session) !== entry) return;
    pending.delete(session);
    // The engine's one end path: mic released, call left and destroyed, backend told. Not
    // `destroy()`: a tree hidden by <Activity>/Suspense may mount again with the same session.
    void session.stop('destroyed');
  });
}
