import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = { conditions: ['@parley/source'] };
/** The mock's `DailyIframe`: what the real peers get when they import daily-js. */
const mockDailyJs = fileURLToPath(new URL('./src/testing/mockDailyIframe.ts', import.meta.url));

export default defineConfig({
  resolve: source,
  ssr: { resolve: source },
  test: {
    testTimeout: 20_000,
    // Setup hooks import the lazy session runtime for real (transformed on first use): on two
    // loaded CI cores that took over vitest's 10 s default once. A bound, not a race.
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'core',
          // With the engine's property suite (fast-check, fake time), which uses the same setup.
          include: ['src/**/*.test.ts', 'test/properties/**/*.test.ts'],
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
          exclude: ['test/peers/**', 'test/properties/**'],
          environment: 'node',
          // Hermetic: a PARLEY_REDIS_URL in the shell must not send the in-memory tests to a
          // real Redis. The Redis tests start their own redis-server and pass its URL.
          env: { PARLEY_REDIS_URL: '' },
        },
      },
      {
        extends: true,
        // The official Pipecat web client (`@pipecat-ai/client-js` + `daily-transport`, dev
        // dependencies only) against MockBot, through MockDailyCall: daily-js is aliased to
        // the mock's factory, and the peers are inlined so the alias reaches their import.
        resolve: { alias: { '@daily-co/daily-js': mockDailyJs } },
        test: {
          name: 'peers',
          include: ['test/peers/**/*.test.ts'],
          // client-js reads `window.navigator` (it runs in browsers only).
          environment: 'happy-dom',
          server: { deps: { inline: ['@pipecat-ai/client-js', '@pipecat-ai/daily-transport'] } },
          setupFiles: ['./src/testing/vitestSetup.ts'],
        },
      },
    ],
  },
});
