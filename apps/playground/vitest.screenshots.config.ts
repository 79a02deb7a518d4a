import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { playwright } from '@vitest/browser-playwright';
import { defaultClientConditions } from 'vite';
import { defineConfig } from 'vitest/config';
import { serveSharedAssets } from './serveSharedAssets.ts';
import { sharedAssetsDir } from './sharedAssets.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where `pnpm screenshots` writes the PNGs the README shows. */
    screenshotDir: string;
  }
}

/**
 * `pnpm screenshots`: renders the main stories in headless Chromium (a fake mic playing
 * user-question.wav) and saves PNGs to `apps/playground/screenshots/`. Not part of `pnpm test`.
 */
export default defineConfig({
  plugins: [serveSharedAssets(sharedAssetsDir)],
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
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--use-fake-ui-for-media-stream',
            '--use-fake-device-for-media-stream',
            `--use-file-for-fake-audio-capture=${join(sharedAssetsDir, 'audio', 'user-question.wav')}%noloop`,
            '--autoplay-policy=no-user-gesture-required',
          ],
        },
      }),
      instances: [{ browser: 'chromium', viewport: { width: 960, height: 640 } }],
    },
  },
});
