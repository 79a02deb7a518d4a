/**
 * vitest setup for the happy-dom projects (React 19 and React 18): Testing Library cleanup
 * after every test, then the mock room's leak check — no live call object, listener, SSE
 * stream or pending fake timer may outlive a test.
 */
import { cleanup } from '@testing-library/react';
import { preloadSessionRuntime } from '@parley/voice-core';
import { assertNoLeftovers, MockDailyCall } from '@parley/voice-core/testing';
import { afterEach, beforeAll, vi } from 'vitest';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

// The engine's session runtime is a lazy chunk: load it for real before fake timers run.
beforeAll(() => preloadSessionRuntime());

afterEach(() => {
  cleanup();
  const pendingFakeTimers = vi.isFakeTimers() ? vi.getTimerCount() : 0;
  try {
    assertNoLeftovers({ pendingFakeTimers });
  } finally {
    if (vi.isFakeTimers()) {
      vi.clearAllTimers();
      vi.useRealTimers();
    }
    MockDailyCall.reset();
  }
});
