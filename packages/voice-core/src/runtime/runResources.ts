import type { CostGuard } from './costGuard';
import type { VoiceCall } from './dailyCall';
import type { EventStream } from './backend/eventStream';

type Timer = ReturnType<typeof setTimeout>;

/**
 * Everything one run starts — timers, the cost guard, in-flight requests, the event stream,
 * page hooks, the call object and its event bridge — held in one bag that only the run
 * fills and only the end flow empties, so nothing a run started can outlive it.
 */
export class RunResources {
  /** Aborts every backend request of the run at the end. */
  readonly abort = new AbortController();
  /** The call object, or null when it could not be created. */
  call: Promise<VoiceCall | null> = Promise.resolve(null);
  /** The same call object once it exists, for what must happen at once (muting the mic). */
  callObject: VoiceCall | null = null;
  /**
   * The call's leave and destroy, once the end flow has begun: the page's next call waits for
   * it instead of being refused while this one is still on its way out.
   */
  teardown: Promise<void> | null = null;
  guard: CostGuard | null = null;
  stream: EventStream | null = null;
  readonly #timers = new Set<Timer>();
  #unwatchPage: (() => void) | null = null;
  #detachBridge: (() => void) | null = null;

  /** A timer the end flow clears; it forgets itself once it fired. */
  after(ms: number, fn: () => void): Timer {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      fn();
    }, ms);
    this.#timers.add(timer);
    return timer;
  }

  clear(timer: Timer | undefined): void {
    if (timer === undefined) return;
    clearTimeout(timer);
    this.#timers.delete(timer);
  }

  /** Page hooks to remove at the end; each call adds to the ones already held. */
  watchPage(unwatch: () => void): void {
    const before = this.#unwatchPage;
    this.#unwatchPage = before
      ? () => {
          before();
          unwatch();
        }
      : unwatch;
  }

  attachBridge(detach: () => void): void {
    this.#detachBridge = detach;
  }

  /** Stops all background work: timers, guard, requests, the event stream and page hooks. */
  stopBackgroundWork(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.guard?.stop();
    this.abort.abort();
    this.stream?.close();
    this.#unwatchPage?.();
    this.#unwatchPage = null;
  }

  /** Stops listening to the call's events (before it is left, so its last events are ignored). */
  detachBridge(): void {
    this.#detachBridge?.();
    this.#detachBridge = null;
  }
}
