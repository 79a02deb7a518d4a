import { DEFAULT_CLIENT_LIMITS } from '../sessionOptions';
import type { EndReason } from '../store/endReason';
import { startCostGuard } from './costGuard';
import { startHeartbeat } from './heartbeat';
import { watchPage } from './pageLifecycle';
import type { RunContext } from './runContext';
import type { RunResources } from './runResources';
import { taskNow } from '../util/taskClock';

/** What the background work of an active run needs from the run. */
export interface ActiveRun {
  sessionId(): string | null;
  /** Whether someone spoke since the last call (and resets it): the heartbeat's `active`. */
  takeSpoke(): boolean;
  finish(reason: EndReason): void;
  /** A heartbeat failed (an aborted one is the run's own end, not a failure). */
  failed(error: unknown): void;
  /** A heartbeat got through (after one failed, its error is over). */
  recovered(): void;
  pageHidden(): void;
}

/**
 * Starts what runs while a session is active — the cost guard, the heartbeat, the page
 * hooks — into the run's resources, so the end flow stops all of it in one place.
 */
export function startActiveWork(ctx: RunContext, resources: RunResources, run: ActiveRun): void {
  const { store, emitter, options } = ctx;
  resources.guard = startCostGuard(
    store.get().limits ?? DEFAULT_CLIENT_LIMITS,
    {
      onChange: (guard) => store.set({ guard }),
      onWarning: (kind, deadline) => {
        const remainingMs = Math.max(0, deadline - Date.now());
        emitter.emit('voice.session.warning', { kind, deadline, remainingMs });
      },
      onExpire: (kind) => run.finish(kind === 'hard' ? 'max-duration' : 'idle-timeout'),
    },
    // `activity()` comes with the user's words, in bursts: one clock read per task.
    taskNow,
  );
  startHeartbeat(resources, ctx.timeouts.heartbeatMs, {
    beat: (at) => {
      const sessionId = run.sessionId();
      if (!sessionId) return null;
      const sent = ctx.backend.heartbeat(
        { sessionId, active: run.takeSpoke(), at },
        resources.abort.signal,
      );
      sent.then(
        () => run.recovered(),
        () => {},
      );
      return sent;
    },
    // The backend no longer has the session: it ended there, or another tab took it over.
    gone: (reason) => run.finish(reason),
    failed: (e) => run.failed(e),
  });
  if (options.pageLifecycle !== false) {
    resources.watchPage(
      watchPage({
        onHide: () => run.pageHidden(),
        onVisible: () => resources.guard?.check(),
      }),
    );
  }
}
