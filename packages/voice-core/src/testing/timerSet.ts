/**
 * The timers one mock object owns. Every mock timer goes through one of these so that
 * `dispose()` can cancel them all and the leak check can name who still has timers
 * running (fake-timer counts alone cannot say whose they are).
 */
export class TimerSet {
  private readonly timeouts = new Set<ReturnType<typeof setTimeout>>();
  private readonly intervals = new Set<ReturnType<typeof setInterval>>();

  /** `setTimeout` that forgets itself once it fired. */
  after(ms: number, run: () => void): ReturnType<typeof setTimeout> {
    const handle = setTimeout(
      () => {
        this.timeouts.delete(handle);
        run();
      },
      Math.max(0, ms),
    );
    this.timeouts.add(handle);
    return handle;
  }

  every(ms: number, run: () => void): ReturnType<typeof setInterval> {
    const handle = setInterval(run, Math.max(1, ms));
    this.intervals.add(handle);
    return handle;
  }

  cancel(handle: ReturnType<typeof setTimeout> | ReturnType<typeof setInterval> | undefined): void {
    if (handle === undefined) return;
    clearTimeout(handle);
    clearInterval(handle);
    this.timeouts.delete(handle);
    this.intervals.delete(handle);
  }

  cancelAll(): void {
    for (const handle of this.timeouts) clearTimeout(handle);
    for (const handle of this.intervals) clearInterval(handle);
    this.timeouts.clear();
    this.intervals.clear();
  }

  /** Timers scheduled and not yet fired or cancelled. */
  get size(): number {
    return this.timeouts.size + this.intervals.size;
  }
}
