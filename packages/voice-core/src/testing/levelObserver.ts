import type { TimerSet } from './timerSet.js';

/** One audio-level observer of the mock call: an interval that can be restarted and stopped. */
export class LevelObserver {
  private handle: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly timers: TimerSet) {}

  get running(): boolean {
    return this.handle !== undefined;
  }

  /** (Re)starts ticking every `intervalMs`; daily-js restarts with the new interval too. */
  start(intervalMs: number, tick: () => void): void {
    this.stop();
    this.handle = this.timers.every(intervalMs, tick);
  }

  stop(): void {
    this.timers.cancel(this.handle);
    this.handle = undefined;
  }
}
