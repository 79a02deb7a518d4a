import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright';
import { AUTOPLAY_ALLOWED, CHROMIUM_OFFLINE_ARGS, CHROMIUM_PATH } from '../chromiumArgs';
import {
  type ConsumerContext,
  driveConversation,
  freePort,
  gzippedSize,
  PEERS,
  startServer,
  stopServer,
  waitForHttp,
} from './browserRun';
import { checkReadmes } from './readmeCheck';

/** The JS the page loads before anything is clicked (the entry and its modulepreloads), and the rest. */
function chunkSizes(dist: string): {
  initial: string[];
  initialGz: number;
  lazy: string[];
  lazyGz: number;
} {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  const lazy = readdirSync(join(dist, 'assets'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => `assets/${f}`)
    .filter((f) => !initial.includes(f));
  return { initial, initialGz: gzippedSize(initial, dist), lazy, lazyGz: gzippedSize(lazy, dist) };
}

export async function runViteExample(ctx: ConsumerContext): Promise<void> {
  const app = ctx.copyExample('example-vite');
  const pkgPath = join(app, 'package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
  pkg.name = 'parley-example-vite';
  writeFileSync(pkgPath, `${JSON.stringify(pkg, null, 2)}\n`);
  const install = ctx.run(
    'npm',
    ['install', '--no-audit', '--no-fund', ...Object.values(ctx.tarballs), ...PEERS],
    app,
  );
  // The READMEs' code, against what this app installed from the tarballs.
  console.log(`[consumers] ${checkReadmes(ctx.repo, app)}`);
  const build = ctx.run('npm', ['run', 'build'], app);
  const js = chunkSizes(join(app, 'dist'));
  const kib = (n: number) => `${(n / 1024).toFixed(2)} KiB gz`;
  console.log(
    `[consumers] example-vite: npm install ${install.toFixed(1)} s, build ${build.toFixed(1)} s; ` +
      `initial JS ${kib(js.initialGz)} in ${js.initial.length} file(s) (React, Parley, the mock room); ` +
      `lazy ${kib(js.lazyGz)} in ${js.lazy.length} chunk(s): ${js.lazy.map((f) => f.replace(/^assets\//, '')).join(', ')}`,
  );

  const port = await freePort();
  const server = startServer(app, 'vite', [
    'preview',
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--strictPort',
  ]);
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_OFFLINE_ARGS, AUTOPLAY_ALLOWED],
  });
  try {
    const url = `http://127.0.0.1:${port}/`;
    await waitForHttp(url, server, 20_000);
    const seen = await driveConversation(browser, url, { avatar: true });
    console.log(`[consumers] example-vite in Chromium: ${seen}`);
  } finally {
    await browser.close();
    await stopServer(server);
  }
}
