import type { DailyEvent, DailyEventObject } from '@daily-co/daily-js';

/** A handler for one daily-js event, typed by daily-js's own event map. */
export type DailyHandler<T extends DailyEvent> = (event: DailyEventObject<T>) => void;

type HandlerSets = { [K in DailyEvent]?: Set<DailyHandler<K>> };

/**
 * The event half of the mock call object: `on`/`off`/`emit` typed by daily-js's
 * `DailyEventObject<T>`, so a mock emit with the wrong payload shape fails to compile
 * (the untyped fakes elsewhere hide exactly those bugs).
 *
 * Unlike an ordinary emitter, a handler that throws is rethrown after the others ran:
 * a test should see its handler's exception, not lose it.
 */
export class DailyEmitter {
  private readonly sets: HandlerSets = {};

  on<T extends DailyEvent>(action: T, handler: DailyHandler<T>): void {
    const existing: HandlerSets[T] = this.sets[action];
    if (existing) {
      existing.add(handler);
      return;
    }
    // TS reads `HandlerSets[T]` for a generic T but cannot prove a write to it; the key and
    // the handler share the same T, so this is the one place the map is widened.
    this.sets[action] = new Set([handler]) as HandlerSets[T];
  }

  off<T extends DailyEvent>(action: T, handler: DailyHandler<T>): void {
    const set: HandlerSets[T] = this.sets[action];
    if (!set) return;
    set.delete(handler);
    if (set.size === 0) delete this.sets[action];
  }

  emit<T extends DailyEvent>(action: T, event: DailyEventObject<T>): void {
    const set: HandlerSets[T] = this.sets[action];
    if (!set) return;
    let failure: { error: unknown } | undefined;
    // Copy: a handler may remove itself or others while we deliver.
    for (const handler of [...set]) {
      try {
        handler(event);
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure) throw failure.error;
  }

  /** Listeners for one event, or for all events when `action` is omitted. */
  listenerCount(action?: DailyEvent): number {
    if (action !== undefined) return this.sets[action]?.size ?? 0;
    let total = 0;
    for (const set of Object.values(this.sets)) total += set?.size ?? 0;
    return total;
  }

  /** Events that currently have at least one listener (for leak messages). */
  events(): DailyEvent[] {
    return (Object.keys(this.sets) as DailyEvent[]).filter((k) => (this.sets[k]?.size ?? 0) > 0);
  }

  removeAllListeners(): void {
    for (const key of Object.keys(this.sets) as DailyEvent[]) delete this.sets[key];
  }
}
