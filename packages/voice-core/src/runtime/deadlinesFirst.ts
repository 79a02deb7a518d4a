import type { SnapshotStore } from '../store/snapshotStore';
import { oncePerTask } from '../util/taskClock';
import type { BridgeHandlers } from './rtvi/eventBridge';

/**
 * The bridge's handlers, each checking the deadlines before it handles its event, and each
 * in a store batch: what one event changes is published once, together (a subscriber never
 * sees the bot gone while the session is still active), and a burst wakes subscribers once.
 *
 * `deadlinePassed` is the run's own check (see `SessionRun`), called by the wrapper of the
 * first event of each task (a later event in the same task arrives at the same time):
 * this is the message hot path, so there is exactly one wrapper per handler and nothing more.
 */
export function deadlinesFirst(
  handlers: BridgeHandlers,
  store: SnapshotStore,
  deadlinePassed: () => boolean,
): BridgeHandlers {
  const checked = {} as Record<string, (a: unknown, b: unknown) => void>;
  // The clock is compared on the first event of each task: no timer can run inside a task, and
  // a burst of a hundred words in one must not read the clock a hundred times.
  const firstInTask = oncePerTask();
  // Every bridge handler takes at most two arguments: passed on as they are, so the
  // wrapper allocates nothing per event (no rest array, no closure).
  for (const [name, handler] of Object.entries(handlers) as Array<
    [string, (a: unknown, b: unknown) => void]
  >) {
    checked[name] = (a, b) => {
      if (firstInTask() && deadlinePassed()) return;
      store.batchCall(handler, a, b);
    };
  }
  return checked as unknown as BridgeHandlers;
}
