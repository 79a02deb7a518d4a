import { fileURLToPath } from 'node:url';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import {
  AUTOPLAY_ALLOWED,
  CHROMIUM_OFFLINE_ARGS,
  CHROMIUM_PATH,
} from '../../tools/chromiumArgs.ts';
import { assetsDir } from '../../tools/assetsDir.ts';

const source = { conditions: ['@parley/source'] };
const react18 = (path: string) =>
  fileURLToPath(new URL(`../../tools/react-18/node_modules/${path}`, import.meta.url));

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

declare module 'vitest' {
  export interface ProvidedContext {
    /** Absolute path of the shared assets; a browser test fetches `/@fs${dir}/rive/avatars.riv`. */
    assetsDir: string;
  }
}

export const CHROMIUM_ARGS = [...CHROMIUM_OFFLINE_ARGS];

/** Headless Debian Chromium through Playwright (no browser download). */
const chromium = (args: string[]) => ({
  enabled: true,
  headless: true,
  screenshotFailures: false,
  provider: playwright({
    launchOptions: { executablePath: CHROMIUM_PATH, args },
  }),
  instances: [{ browser: 'chromium' as const }],
});

const domTests = {
  include: ['src/**/*.test.{ts,tsx}'],
  exclude: ['src/**/*.browser.test.{ts,tsx}'],
  environment: 'happy-dom',
  setupFiles: ['./test/setup.ts'],
};

export default defineConfig({
  resolve: source,
  ssr: { resolve: source },
  test: {
    testTimeout: 20_000,
    // Setup hooks import the lazy session runtime for real (transformed on first use): on two
    // loaded CI cores that took over vitest's 10 s default once. A bound, not a race.
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'react19', ...domTests } },
      {
        // The same tests on React 18: react, react-dom and Testing Library come from
        // tools/react-18, and the packages that import react are inlined so the alias applies.
        extends: true,
        resolve: {
          alias: [
            { find: /^react-dom($|\/.*)/, replacement: `${react18('react-dom')}$1` },
            { find: /^react($|\/.*)/, replacement: `${react18('react')}$1` },
            { find: /^@testing-library\/react$/, replacement: react18('@testing-library/react') },
          ],
        },
        test: {
          name: 'react18',
          ...domTests,
          server: {
            deps: { inline: [/jotai/, /@daily-co\/daily-react/, /@testing-library/, /@radix-ui/] },
          },
        },
      },
      {
        extends: true,
        server: { fs: { allow: [repoRoot, ...(assetsDir ? [assetsDir] : [])] } },
        test: {
          name: 'browser',
          provide: { assetsDir },
          include: ['src/**/*.browser.test.{ts,tsx}'],
          exclude: ['src/**/*.autoplay-blocked.browser.test.{ts,tsx}'],
          setupFiles: ['./test/browserSetup.ts'],
          browser: chromium([...CHROMIUM_ARGS, AUTOPLAY_ALLOWED]),
        },
      },
      {
        // Chromium's default autoplay policy (no flag): unmuted play() without a user gesture
        // is refused, so BotAudio's "tap to enable audio" path runs for real.
        extends: true,
        test: {
          name: 'browser-autoplay-blocked',
          include: ['src/**/*.autoplay-blocked.browser.test.{ts,tsx}'],
          setupFiles: ['./test/browserSetup.ts'],
          browser: chromium(CHROMIUM_ARGS),
        },
      },
    ],
  },
});
