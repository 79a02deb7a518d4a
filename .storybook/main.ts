import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { StorybookConfig } from '@storybook/react-vite';
import { defaultClientConditions, mergeConfig } from 'vite';
import { ASSETS_URL } from '../apps/playground/src/assetsUrl.ts';
import { assetsDir } from '../tools/assetsDir.ts';

// The addons are the playground's dependencies: resolve them from there, not from this folder.
const fromPlayground = createRequire(new URL('../apps/playground/package.json', import.meta.url));
const addon = (name: string) => dirname(fromPlayground.resolve(`${name}/package.json`));

/**
 * The one Storybook of the repository: the stories live in `apps/playground`, the packages are
 * read from source (the `@parley/source` export condition), so nothing needs building first.
 */
const config: StorybookConfig = {
  stories: ['../apps/playground/src/docs/*.mdx', '../apps/playground/src/**/*.stories.@(ts|tsx)'],
  addons: [addon('@storybook/addon-docs'), '@storybook/addon-a11y', '@storybook/addon-vitest'],
  framework: { name: '@storybook/react-vite', options: {} },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  // A library's Storybook, not a new Storybook user's: no onboarding checklist.
  features: { sidebarOnboardingChecklist: false, menuOnboardingChecklist: false },
  // Props tables from the components' TSDoc, including the props they inherit from our own
  // types (the DOM attributes they spread are left out: hundreds of rows nobody reads).
  typescript: {
    reactDocgen: 'react-docgen-typescript',
    reactDocgenTypescriptOptions: {
      shouldExtractLiteralValuesFromEnum: true,
      shouldRemoveUndefinedFromOptional: true,
      propFilter: (prop) => !prop.parent || !/node_modules/.test(prop.parent.fileName),
    },
  },
  // The sample avatar and speech clips are served from where they are, never copied in.
  staticDirs: assetsDir ? [{ from: assetsDir, to: ASSETS_URL }] : [],
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
