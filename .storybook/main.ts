import type { StorybookConfig } from '@storybook/react-vite';
import { defaultClientConditions, mergeConfig } from 'vite';
import { ASSETS_URL } from '../apps/playground/src/assetsUrl.ts';
import { sharedAssetsDir } from '../tools/sharedAssetsDir.ts';

/**
 * The one Storybook of the repository: the stories live in `apps/playground`, the packages are
 * read from source (the `@parley/source` export condition), so nothing needs building first.
 */
const config: StorybookConfig = {
  stories: ['../apps/playground/src/**/*.stories.@(ts|tsx)'],
  addons: ['@storybook/addon-a11y', '@storybook/addon-vitest'],
  framework: { name: '@storybook/react-vite', options: {} },
  core: { disableTelemetry: true },
  // The sample avatar and speech clips are served from where they are, never copied in.
  staticDirs: sharedAssetsDir ? [{ from: sharedAssetsDir, to: ASSETS_URL }] : [],
  viteFinal: (vite) =>
    mergeConfig(vite, {
      resolve: { conditions: ['@parley/source', ...defaultClientConditions] },
      build: {
        rollupOptions: {
          // The packages mark their modules 'use client' for Next.js; a bundle has no use for it.
          onwarn(warning: { code?: string }, warn: (warning: { code?: string }) => void) {
            if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
          },
        },
      },
    }),
};

export default config;
