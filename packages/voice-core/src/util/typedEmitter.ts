/**
 * A minimal typed event emitter. A handler that throws never breaks delivery to the others,
 * and its exception never reaches the code that emitted: after the event has gone to every
 * handler, each exception goes to `onHandlerError` with the handler that threw, so the owner
 * can report it to everyone else (a handler is never called again for its own exception).
 */
/** Event name → handler signature (one payload argument). */
export type EventMap<M> = { [K in keyof M]: (payload: never) => void };

/** Told of a handler's exception once the event it threw on was delivered to all. */
export type HandlerErrorSink<M> = (error: unknown, type: keyof M, handler: M[keyof M]) => void;

export class TypedEmitter<M extends EventMap<M>> {
  private readonly handlers = new Map<keyof M, Set<M[keyof M]>>();
  constructor(private readonly onHandlerError: HandlerErrorSink<M> = () => {}) {}

  on<K extends keyof M>(type: K, handler: M[K]): () => void {
    let set = this.handlers.get(type);
    if (!set) {
      set = new Set();
      this.handlers.set(type, set);
    }
    set.add(handler);
    return () => this.off(type, handler);
  }

  off<K extends keyof M>(type: K, handler: M[K]): void {
    const set = this.handlers.get(type);
    if (!set) return;
    set.delete(handler);
    if (set.size === 0) this.handlers.delete(type);
  }

  emit<K extends keyof M>(type: K, payload: Parameters<M[K]>[0]): void {
    this.emitExcept(type, payload, null);
  }

  /** Delivers to every handler of `type` but `skip` (the one whose own exception this reports). */
  emitExcept<K extends keyof M>(
    type: K,
    payload: Parameters<M[K]>[0],
    skip: M[keyof M] | null,
  ): void {
    const set = this.handlers.get(type);
    if (!set) return;
    const failures: Array<[unknown, M[keyof M]]> = [];
    // Copy: a handler may unsubscribe itself (or others) while we iterate.
    for (const handler of [...set]) {
      if (handler === skip) continue;
      try {
        (handler as (p: Parameters<M[K]>[0]) => void)(payload);
      } catch (error) {
        failures.push([error, handler]);
      }
    }
    for (const [error, handler] of failures) {
      try {
        this.onHandlerError(error, type, handler);
      } catch {
        // The sink is the last stop: nothing a handler threw may reach the emitting code.
      }
    }
  }

  listenerCount(type?: keyof M): number {
    if (type !== undefined) return this.handlers.get(type)?.size ?? 0;
    let n = 0;
    for (const set of this.handlers.values()) n += set.size;
    return n;
  }

  clear(): void {
    this.handlers.clear();
  }
}
