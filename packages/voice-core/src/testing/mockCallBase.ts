import type { DailyCall, DailyEvent, DailyEventObject } from '@daily-co/daily-js';
import { DailyEmitter, type DailyHandler } from './dailyEmitter.js';

/** One entry of `MockDailyCall.calls`. */
export interface MockCallRecord {
  method: string;
  args: unknown[];
}

/** An event object without the two fields every event has (`fire` adds them). */
type Payload<T extends DailyEvent> = Omit<DailyEventObject<T>, 'action' | 'callClientId'>;

/**
 * The event surface and the daily-js usage rules of the mock call object: typed `on`/`off`,
 * the call log, and "use after destroy" errors. `MockDailyCall` adds the meeting itself.
 */
export abstract class MockCallBase {
  /** Mutating method calls, in order, with their arguments (queries are not logged). */
  readonly calls: MockCallRecord[] = [];
  protected readonly emitter = new DailyEmitter();
  protected destroyed = false;

  constructor(readonly callClientId: string) {}

  on<T extends DailyEvent>(event: T, handler: DailyHandler<T>): DailyCall {
    this.assertAlive('on');
    this.emitter.on(event, handler);
    return this.asDailyCall();
  }

  /** Allowed after `destroy()`: in daily-js `off` is a plain emitter method (a no-op then). */
  off<T extends DailyEvent>(event: T, handler: DailyHandler<T>): DailyCall {
    this.emitter.off(event, handler);
    return this.asDailyCall();
  }

  /** Listeners on one event, or on all events. */
  listenerCount(event?: DailyEvent): number {
    return this.emitter.listenerCount(event);
  }

  /** Emits any daily-js event as this call object would (tests: simulate what Daily does). */
  emit<T extends DailyEvent>(action: T, event: DailyEventObject<T>): void {
    this.assertAlive('emit');
    this.emitter.emit(action, event);
  }

  /** The names of the logged calls, in order: `['join', 'setLocalAudio', 'leave', 'destroy']`. */
  callNames(): string[] {
    return this.calls.map((c) => c.method);
  }

  /**
   * As daily-js's `emitDailyJSEvent` does: the two fields are written onto the event object
   * itself (each call site passes a fresh one), not copied into a new one. A spread here cost
   * more per app-message than a whole Pipecat client's handling of it, and its cost swung 3×
   * with the process's history (V8's clone cache), which made the benchmarks measure the mock.
   */
  protected fire<T extends DailyEvent>(action: T, payload: Payload<T>): void {
    // The fields are exactly DailyEventObject<T>'s minus the two written here, which
    // `Payload<T>` checked at the call; the assignment cannot name that link, hence the cast.
    const event = payload as { action?: T; callClientId?: string };
    event.action = action;
    event.callClientId = this.callClientId;
    this.emitter.emit(action, event as DailyEventObject<T>);
  }

  protected record(method: string, args: unknown[]): void {
    this.calls.push({ method, args });
  }

  protected assertAlive(method: string): void {
    if (this.destroyed) throw new Error(`Use after destroy (${method})`);
  }

  protected useAfterDestroy<R>(method: string): Promise<R> {
    // daily-js's async methods reject (they are async functions); the sync ones throw.
    return Promise.reject(new Error(`Use after destroy (${method})`));
  }

  /**
   * daily-js's chaining methods return the full `DailyCall`; the mock implements only the
   * `VoiceCall` part the engine and daily-react use, and callers only chain those.
   */
  protected asDailyCall(): DailyCall {
    return this as unknown as DailyCall;
  }
}
