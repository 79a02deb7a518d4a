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
  /**
   * Copy-on-write handler lists: `on`/`off` replace a type's array, `emit` iterates the one it
   * read. A handler that unsubscribes itself (or others) mid-delivery changes the next emit,
   * not this one, and an emit allocates nothing.
   */
  private readonly handlers = new Map<keyof M, ReadonlyArray<M[keyof M]>>();
  constructor(private readonly onHandlerError: HandlerErrorSink<M> = () => {}) {}

  on<K extends keyof M>(type: K, handler: M[K]): () => void {
    const list = this.handlers.get(type);
    if (!list) this.handlers.set(type, [handler]);
    else if (!list.includes(handler)) this.handlers.set(type, [...list, handler]);
    return () => this.off(type, handler);
  }

  off<K extends keyof M>(type: K, handler: M[K]): void {
    const list = this.handlers.get(type);
    if (!list?.includes(handler)) return;
    if (list.length === 1) this.handlers.delete(type);
    else
      this.handlers.set(
        type,
        list.filter((h) => h !== handler),
      );
  }

  /** True when `type` has a handler: lets a hot path skip building a payload nobody reads. */
  has(type: keyof M): boolean {
    return this.handlers.has(type);
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
    const list = this.handlers.get(type);
    if (!list) return;
    let failures: Array<[unknown, M[keyof M]]> | undefined;
    for (let i = 0; i < list.length; i++) {
      const handler = list[i] as M[keyof M];
      if (handler === skip) continue;
      try {
        (handler as (p: Parameters<M[K]>[0]) => void)(payload);
      } catch (error) {
        if (failures) failures.push([error, handler]);
        else failures = [[error, handler]];
      }
    }
    if (failures) this.#report(failures, type);
  }

  #report(failures: Array<[unknown, M[keyof M]]>, type: keyof M): void {
    for (const [error, handler] of failures) {
      try {
        this.onHandlerError(error, type, handler);
      } catch {
        // The sink is the last stop: nothing a handler threw may reach the emitting code.
      }
    }
  }

  listenerCount(type?: keyof M): number {
    if (type !== undefined) return this.handlers.get(type)?.length ?? 0;
    let n = 0;
    for (const list of this.handlers.values()) n += list.length;
    return n;
  }

  clear(): void {
    this.handlers.clear();
  }
}
