// Serves the Rive runtime's wasm from this app (public/rive.wasm) instead of Rive's CDN.
// Next.js has no `?url` import, so the file is copied from the installed @rive-app/canvas
// (a direct dependency: the wasm must be the one its runtime expects) before dev and build.
import { copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
copyFileSync(
  require.resolve('@rive-app/canvas/rive.wasm'),
  new URL('../public/rive.wasm', import.meta.url),
);
