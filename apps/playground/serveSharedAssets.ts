import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import type { Plugin } from 'vite';
import { ASSETS_URL } from './src/assetsUrl.ts';

const TYPES: Record<string, string> = {
  '.riv': 'application/octet-stream',
  '.wav': 'audio/wav',
  '.md': 'text/markdown',
};

/**
 * Serves `dir` under `ASSETS_URL` on a Vite dev server — what Storybook's `staticDirs` does
 * for the stories, for the tests that render the playground without Storybook.
 */
export function serveSharedAssets(dir: string): Plugin {
  return {
    name: 'parley:shared-assets',
    configureServer(server) {
      server.middlewares.use(ASSETS_URL, (req, res, next) => {
        const path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/'));
        if (!dir || path.includes('..')) return next();
        const file = join(dir, path);
        try {
          if (!statSync(file).isFile()) return next();
        } catch {
          res.statusCode = 404;
          res.end();
          return;
        }
        res.setHeader('content-type', TYPES[extname(file)] ?? 'application/octet-stream');
        createReadStream(file).pipe(res);
      });
    },
  };
}
