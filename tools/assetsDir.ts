import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The sample assets (the Rive avatar with its MIT licence, the speech clips) in `<repo>/assets`,
 * so a clone anywhere runs its stories and tests. `PARLEY_ASSETS_DIR` points elsewhere (a
 * team's own avatar and clips). Shared by every config that serves or reads them (Storybook,
 * the vitest configs).
 */
export const assetsDir: string = (() => {
  const dir = process.env.PARLEY_ASSETS_DIR || fileURLToPath(new URL('../assets', import.meta.url));
  if (!existsSync(dir)) throw new Error(`Parley's sample assets are missing: ${dir}`);
  return dir;
})();
