import type { VoiceSession } from '../voiceSession';

/** The part of a session retention needs: its one end path. */
export type RetainableSession = Pick<VoiceSession, 'stop'>;

// Module-level, so two holders of one session (two providers over an external session) share
// the count.
const holders = new WeakMap<RetainableSession, number>();
const pending = new WeakMap<RetainableSession, object>();

/**
 * Holds `session` open for a UI that mounts it; returns the release. The last release ends
 * the session — not at once but on a microtask, and a retain of the same session in the same
 * tick cancels it. So an unmount followed straight away by a mount (StrictMode's double
 * effects, fast refresh) keeps the session live, while a real unmount ends it. Calling a
 * release more than once counts once.
 *
 * @example
 * useEffect(() => retainSession(session), [session]);
 */
export function retainSession(session: RetainableSession): () => void {
  holders.set(session, (holders.get(session) ?? 0) + 1);
  pending.delete(session);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (holders.get(session) ?? 1) - 1;
    if (left > 0) {
      holders.set(session, left);
      return;
    }
    holders.delete(session);
    const entry = {};
    pending.set(session, entry);
    queueMicrotask(() => {
      if (pending.get(session) !== entry) return;
      pending.delete(session);
      // The engine's one end path: mic released, call left and destroyed, backend told. Not
      // `destroy()`: a UI hidden and shown again (React's <Activity>, Suspense) may retain
      // the same session once more.
      void session.stop('destroyed');
    });
  };
}
