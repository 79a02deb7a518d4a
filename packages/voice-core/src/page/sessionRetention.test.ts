import { describe, expect, it, vi } from 'vitest';
import { type RetainableSession, retainSession } from './sessionRetention';

function fakeSession() {
  const stop = vi.fn<RetainableSession['stop']>(async () => {});
  return { stop };
}

/** Lets queued microtasks (the scheduled stop) run. */
const flushMicrotasks = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('retainSession (no framework)', () => {
  it('release then retain in the same tick (StrictMode double effects) keeps the session', async () => {
    const session = fakeSession();
    const first = retainSession(session);
    first();
    const second = retainSession(session);
    await flushMicrotasks();
    expect(session.stop).not.toHaveBeenCalled();
    second();
    await flushMicrotasks();
    expect(session.stop).toHaveBeenCalledTimes(1);
    expect(session.stop).toHaveBeenCalledWith('destroyed');
  });

  it('the last release only schedules the stop: it runs on a microtask, not synchronously', async () => {
    const session = fakeSession();
    const release = retainSession(session);
    release();
    expect(session.stop).not.toHaveBeenCalled();
    await Promise.resolve();
    expect(session.stop).toHaveBeenCalledTimes(1);
    // A retain after the microtask ran is too late to cancel that stop; its release stops again.
    const again = retainSession(session);
    again();
    await flushMicrotasks();
    expect(session.stop).toHaveBeenCalledTimes(2);
  });

  it('a real release stops once, however often the release is called', async () => {
    const session = fakeSession();
    const release = retainSession(session);
    release();
    release();
    await flushMicrotasks();
    release();
    await flushMicrotasks();
    expect(session.stop).toHaveBeenCalledTimes(1);
  });

  it('two holders of one session: only the last release stops it', async () => {
    const session = fakeSession();
    const other = fakeSession();
    const a = retainSession(session);
    const b = retainSession(session);
    const c = retainSession(other);
    a();
    await flushMicrotasks();
    expect(session.stop).not.toHaveBeenCalled();
    b();
    await flushMicrotasks();
    expect(session.stop).toHaveBeenCalledTimes(1);
    expect(other.stop).not.toHaveBeenCalled();
    c();
    await flushMicrotasks();
    expect(other.stop).toHaveBeenCalledTimes(1);
  });
});
