/**
 * vitest `setupFiles` entry, `@parley/voice-core/testing/vitest` (used by voice-core's and
 * voice-react's own tests; product teams can list it too). It loads the lazy session runtime
 * before any test (so fake timers never wait on a real module load), and after every test it
 * fails the test when something was left running: a live mock call object, listeners on one,
 * pending fake timers, open SSE streams, an undisposed room with timers.
 *
 * @example
 * // vitest.config.ts
 * test: { setupFiles: ['@parley/voice-core/testing/vitest'] }
 */
import { afterEach, beforeAll, vi } from 'vitest';
import { preloadSessionRuntime } from '../runtimeLoader.js';
import { assertNoLeftovers } from './leftovers.js';
import { MockDailyCall } from './mockDailyCall.js';

// The session runtime is a lazy chunk; load it for real before fake timers take over.
beforeAll(() => preloadSessionRuntime());

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
