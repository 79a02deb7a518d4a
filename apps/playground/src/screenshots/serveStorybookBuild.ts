import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import type { Plugin } from 'vite';
import { STORYBOOK_BUILD_URL } from './storybookBuildUrl.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.riv': 'application/octet-stream',
  '.wav': 'audio/wav',
};

/**
 * Serves `storybook-static/` (from `pnpm build-storybook`) under `STORYBOOK_BUILD_URL` on the
 * test's own Vite server, so a Docs page can be shown in an iframe and photographed.
 */
export function serveStorybookBuild(dir: string): Plugin {
  return {
    name: 'parley:storybook-build',
    configureServer(server) {
      server.middlewares.use(STORYBOOK_BUILD_URL, (req, res, next) => {
        const path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/'));
        if (path.includes('..')) return next();
        const file = join(dir, path === '/' ? 'index.html' : path);
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
