/**
 * vitest `setupFiles` entry for voice-core's own tests (see vitest.config.ts). After every
 * test it fails the test when something was left running: a live mock call object,
 * listeners on one, pending fake timers, open SSE streams, an undisposed room with timers.
 * Product teams call `assertNoLeftovers()` from their own setup instead (this file imports
 * vitest, so it is not part of the `/testing` entry).
 */
import { afterEach, beforeAll, vi } from 'vitest';
import { loadSessionRuntime } from '../runtimeLoader.js';
import { assertNoLeftovers } from './leftovers.js';
import { MockDailyCall } from './mockDailyCall.js';

// The session runtime is a lazy chunk; load it for real before fake timers take over.
beforeAll(() => loadSessionRuntime());

afterEach(() => {
  const pendingFakeTimers = vi.isFakeTimers() ? vi.getTimerCount() : 0;
  try {
    // Releases every tracked mock even when it throws, so one leak fails one test, not all after it.
    assertNoLeftovers({ pendingFakeTimers });
  } finally {
    if (vi.isFakeTimers()) {
      vi.clearAllTimers();
      vi.useRealTimers();
    }
    MockDailyCall.reset();
  }
});
