/**
 * A minimal typed event emitter. A handler that throws never breaks delivery to the others:
 * the error goes to `onHandlerError` (the session reports it, it is never rethrown).
 */
/** Event name → handler signature (one payload argument). */
export type EventMap<M> = { [K in keyof M]: (payload: never) => void };

export class TypedEmitter<M extends EventMap<M>> {
  private readonly handlers = new Map<keyof M, Set<M[keyof M]>>();
  constructor(
    private readonly onHandlerError: (error: unknown, type: keyof M) => void = () => {},
  ) {}

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
    const set = this.handlers.get(type);
    if (!set) return;
    // Copy: a handler may unsubscribe itself (or others) while we iterate.
    for (const handler of [...set]) {
      try {
        (handler as (p: Parameters<M[K]>[0]) => void)(payload);
      } catch (error) {
        this.onHandlerError(error, type);
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
