import { HttpError } from './httpErrors';

/** Caps on the event streams open at once on this instance. */
export interface StreamCaps {
  perSession: number;
  perUser: number;
}

/**
 * Counts the open SSE streams per session and per user on this instance. Streams hold this
 * process' memory and sockets, so the count is per instance, not shared.
 */
export function createStreamCounter(caps: StreamCaps) {
  const bySession = new Map<string, number>();
  const byUser = new Map<string, number>();
  const bump = (map: Map<string, number>, key: string, by: number) => {
    const n = (map.get(key) ?? 0) + by;
    if (n > 0) map.set(key, n);
    else map.delete(key);
  };
  return {
    /**
     * Takes a place for a new stream or throws 429 `too-many-streams`. Counted at once, so
     * streams opened together cannot all pass the check. The returned release is idempotent.
     */
    open(sessionId: string, userId: string): () => void {
      if (
        (bySession.get(sessionId) ?? 0) >= caps.perSession ||
        (byUser.get(userId) ?? 0) >= caps.perUser
      ) {
        throw new HttpError('too-many-streams', { retryAfterMs: 3000 });
      }
      bump(bySession, sessionId, 1);
      bump(byUser, userId, 1);
      let open = true;
      return () => {
        if (!open) return;
        open = false;
        bump(bySession, sessionId, -1);
        bump(byUser, userId, -1);
      };
    },
    /** Streams open now (tests, diagnostics). */
    get size() {
      let n = 0;
      for (const c of bySession.values()) n += c;
      return n;
    },
  };
}

export type StreamCounter = ReturnType<typeof createStreamCounter>;

/**
 * Runs `task` every `ms` (0 disables it) without keeping a Node process alive; failures other
 * than a store outage (the store logs those itself) are logged. Returns the stop.
 */
export function every(
  ms: number,
  task: () => Promise<unknown>,
  onError: (error: unknown) => void,
): () => void {
  if (ms <= 0) return () => {};
  const timer = setInterval(() => {
    task().catch(onError);
  }, ms);
  (timer as { unref?: () => void }).unref?.();
  return () => clearInterval(timer);
}
