import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
import { serveStorybookBuild } from './src/screenshots/serveStorybookBuild.ts';
import { assetsDir } from '../../tools/assetsDir.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where `pnpm screenshots` writes the PNGs the README shows. */
    screenshotDir: string;
  }
}

/**
 * `pnpm screenshots`: renders the main stories in headless Chromium (a fake mic playing
 * user-question.wav) and saves PNGs to `apps/playground/screenshots/`; the Docs page comes
 * from the built Storybook (the script builds it first). Not part of `pnpm test`.
 */
export default defineConfig({
  plugins: [
    serveSharedAssets(assetsDir),
    serveStorybookBuild(fileURLToPath(new URL('./storybook-static', import.meta.url))),
  ],
  resolve: { conditions: ['@parley/source', ...defaultClientConditions] },
  test: {
    include: ['src/screenshots/**/*.shots.tsx'],
    testTimeout: 60_000,
    provide: { screenshotDir: fileURLToPath(new URL('./screenshots', import.meta.url)) },
    browser: {
      enabled: true,
      headless: true,
      screenshotFailures: false,
      provider: playwright({
        launchOptions: {
          executablePath: CHROMIUM_PATH,
          args: [
            ...CHROMIUM_OFFLINE_ARGS,
            ...fakeMicrophoneArgs(join(assetsDir, 'audio', 'user-question.wav')),
            AUTOPLAY_ALLOWED,
          ],
        },
      }),
      instances: [{ browser: 'chromium', viewport: { width: 1200, height: 900 } }],
    },
  },
});
