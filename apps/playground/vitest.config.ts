import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { playwright } from '@vitest/browser-playwright';
import { defaultClientConditions } from 'vite';
import { defineConfig } from 'vitest/config';
import {
  AUTOPLAY_ALLOWED,
  CHROMIUM_OFFLINE_ARGS,
  CHROMIUM_PATH,
  fakeMicrophoneArgs,
} from '../../tools/chromiumArgs.ts';
import { serveSharedAssets } from './serveSharedAssets.ts';
import { assetsDir } from '../../tools/assetsDir.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const clip = (name: string) => join(assetsDir, 'audio', name);

declare module 'vitest' {
  export interface ProvidedContext {
    /** Which clip the fake microphone plays in this project. */
    fakeMic: 'user-question' | 'silence';
  }
}

/** Chromium, headless and offline (TOOLCHAIN.md), with a fake mic playing `micClip` once. */
const chromium = (micClip: string) => ({
  enabled: true,
  headless: true,
  screenshotFailures: false,
  provider: playwright({
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_OFFLINE_ARGS, ...fakeMicrophoneArgs(micClip), AUTOPLAY_ALLOWED],
    },
  }),
  instances: [{ browser: 'chromium' as const }],
});

const source = { conditions: ['@parley/source', ...defaultClientConditions] };
const e2e = (fakeMic: 'user-question' | 'silence', file: string) => ({
  extends: true as const,
  plugins: [serveSharedAssets(assetsDir)],
  test: {
    name: `e2e (${fakeMic})`,
    include: ['src/e2e/**/*.e2e.test.tsx'],
    provide: { fakeMic },
    browser: chromium(clip(file)),
  },
});

export default defineConfig({
  resolve: source,
  server: { fs: { allow: [join(here, '../..'), ...(assetsDir ? [assetsDir] : [])] } },
  test: {
    testTimeout: 60_000,
    projects: [
      {
        // Every story is a test: it renders, its play function passes, axe finds nothing.
        extends: true,
        plugins: [storybookTest({ configDir: join(here, '../../.storybook') })],
        test: { name: 'storybook', browser: chromium(clip('silence-1s.wav')) },
      },
      {
        // Showcase stories against committed screenshots, light and dark (src/visual).
        extends: true,
        plugins: [serveSharedAssets(assetsDir)],
        test: {
          name: 'visual',
          include: ['src/visual/**/*.visual.test.tsx'],
          browser: {
            ...chromium(clip('silence-1s.wav')),
            instances: [{ browser: 'chromium' as const, viewport: { width: 900, height: 700 } }],
            // Baselines per file, one per story and theme; no platform suffix: one CI machine kind.
            expect: {
              toMatchScreenshot: {
                resolveScreenshotPath: ({ root, testFileDirectory, arg, ext }) =>
                  join(root, testFileDirectory, '__screenshots__', `${arg}${ext}`),
              },
            },
          },
        },
      },
      e2e('user-question', 'user-question.wav'),
      e2e('silence', 'silence-1s.wav'),
    ],
  },
});
