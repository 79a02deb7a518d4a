import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The shared sample assets (the Rive avatar, the speech clips) live beside the repository,
 * never in it: `PARLEY_ASSETS_DIR`, else `<repo>/../shared/assets`, else `/work/shared/assets`.
 * Empty when none exists (the avatar then shows its fallback and the bot speaks no clips).
 * Shared by every config that serves or reads them (Storybook, the vitest configs).
 */
export const sharedAssetsDir: string =
  [
    process.env.PARLEY_ASSETS_DIR,
    fileURLToPath(new URL('../../shared/assets', import.meta.url)),
    '/work/shared/assets',
  ].find((dir): dir is string => dir !== undefined && dir !== '' && existsSync(dir)) ?? '';
