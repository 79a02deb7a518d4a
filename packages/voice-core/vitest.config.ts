import { defineConfig } from 'vitest/config';

const source = { conditions: ['@parley/source'] };

export default defineConfig({
  resolve: source,
  ssr: { resolve: source },
  test: {
    testTimeout: 20_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'core',
          include: ['src/**/*.test.ts'],
          exclude: ['src/server/**'],
          environment: 'node',
          // After every test: no pending timers, no live mock call objects, no listeners left.
          setupFiles: ['./src/testing/vitestSetup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'server',
          // Server tests, and the engine-to-handler integration test (it spans both sides).
          include: ['src/server/**/*.test.ts', 'test/**/*.test.ts'],
          environment: 'node',
          // Hermetic: a PARLEY_REDIS_URL in the shell must not send the in-memory tests to a
          // real Redis. The Redis tests start their own redis-server and pass its URL.
          env: { PARLEY_REDIS_URL: '' },
        },
      },
    ],
  },
});
