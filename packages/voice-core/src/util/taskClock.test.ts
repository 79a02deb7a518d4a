import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { oncePerTask, taskNow } from './taskClock';

const nextMicrotasks = async () => {
  await Promise.resolve();
  await Promise.resolve();
};

describe('taskNow', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('reads the clock once per task: the same value until the microtasks ran', async () => {
    await nextMicrotasks(); // whatever an earlier test left cached is forgotten
    const first = taskNow();
    vi.setSystemTime(first + 5000);
    expect(taskNow()).toBe(first);
    await nextMicrotasks();
    expect(taskNow()).toBe(first + 5000);
  });

  it('marks the end of a task with one microtask, whatever reads it and how often', async () => {
    await nextMicrotasks();
    const spy = vi.spyOn(globalThis, 'queueMicrotask');
    const first = [oncePerTask(), oncePerTask()];
    for (let i = 0; i < 100; i++) {
      taskNow();
      for (const f of first) f();
    }
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
    await nextMicrotasks();
  });
});

describe('oncePerTask', () => {
  it('is true on the first call of each task only, per predicate', async () => {
    const a = oncePerTask();
    const b = oncePerTask();
    expect([a(), a(), b(), a(), b()]).toEqual([true, false, true, false, false]);
    await Promise.resolve();
    expect([a(), a(), b()]).toEqual([true, false, true]);
  });
});
