import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = { conditions: ['@parley/source'] };
/** The mock's `DailyIframe`: what the real Pipecat peers get when they import daily-js. */
const mockDailyJs = fileURLToPath(
  new URL('../voice-core/src/testing/mockDailyIframe.ts', import.meta.url),
);

/**
 * `pnpm bench`'s React part (run by voice-core's bench, never by `pnpm test`): the apps a
 * product team would write with Parley and with Pipecat's own React SDK, side by side in
 * happy-dom, on the same mock room. The Pipecat packages are inlined so the daily-js alias
 * reaches their import.
 */
export default defineConfig({
  resolve: { ...source, alias: { '@daily-co/daily-js': mockDailyJs } },
  ssr: { resolve: source },
  test: {
    include: ['bench/**/*.run.tsx'],
    environment: 'happy-dom',
    testTimeout: 600_000,
    server: {
      deps: {
        inline: [
          '@pipecat-ai/client-js',
          '@pipecat-ai/daily-transport',
          '@pipecat-ai/client-react',
          /jotai/,
        ],
      },
    },
  },
});
