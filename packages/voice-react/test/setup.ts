/**
 * vitest setup for the happy-dom projects (React 19 and React 18): voice-core's shared setup
 * (session runtime loaded before fake timers; after each test, no live mock call, listener,
 * SSE stream or pending fake timer), and Testing Library's cleanup, which runs first.
 */
import '@parley/voice-core/testing/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

// Registered after the leak check, so it runs before it (vitest runs afterEach in reverse).
afterEach(() => {
  cleanup();
});
