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

  protected fire<T extends DailyEvent>(action: T, payload: Payload<T>): void {
    // Spreading a generic payload loses its link to T; the fields are exactly
    // DailyEventObject<T>'s minus the two added here, which `Payload<T>` checked at the call.
    const event = { ...payload, action, callClientId: this.callClientId } as DailyEventObject<T>;
    this.emitter.emit(action, event);
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
