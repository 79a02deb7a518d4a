import { readFileSync, writeFileSync } from 'node:fs';
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
import { startParleyDev } from './parleyDevRun';

/** The JS a page's server HTML loads before anything is clicked (its `<script src>`s), gzipped. */
function initialJs(app: string, html: string): string {
  const files = [
    ...new Set([...html.matchAll(/<script[^>]*src="\/_next\/([^"?]+)/g)].map((m) => m[1]!)),
  ];
  const gz = gzippedSize(files, join(app, '.next'));
  return `initial JS ${(gz / 1024).toFixed(2)} KiB gz in ${files.length} script(s) (React, Next, Parley)`;
}

/**
 * `apps/example-next` as a product team ships it: `npm run build` (the Rive wasm copied into
 * `public/`, then `next build` with Turbopack and `cacheComponents`), `next start` on 127.0.0.1
 * with the route handler talking to the fake Daily REST API and the fake Pipecat launcher that
 * the tarball's own `npx parley-dev` serves. Checks that the server HTML has the button, that
 * pressing it against the real backend ends in a typed state (daily-js cannot join anything
 * offline), and that the mock-room page holds a whole conversation with the bot's audio
 * playing and the Rive avatar speaking.
 */
export async function runNextExample(ctx: ConsumerContext): Promise<void> {
  const app = ctx.copyExample('example-next');
  const pkgPath = join(app, 'package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
  pkg.name = 'parley-example-next';
  writeFileSync(pkgPath, `${JSON.stringify(pkg, null, 2)}\n`);
  const install = ctx.run(
    'npm',
    ['install', '--no-audit', '--no-fund', ...Object.values(ctx.tarballs), ...PEERS],
    app,
  );
  const env = { NEXT_TELEMETRY_DISABLED: '1' };
  const build = ctx.run('npm', ['run', 'build'], app, env);
  console.log(
    `[consumers] example-next: npm install ${install.toFixed(1)} s, npm run build ${build.toFixed(1)} s`,
  );

  const vendors = await startParleyDev(app, [await freePort(), await freePort()]);
  const port = await freePort();
  let asked = '';
  const server = startServer(app, 'next', ['start', '-H', '127.0.0.1', '-p', String(port)], {
    env: {
      ...process.env,
      ...env,
      ...vendors.env,
    },
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_OFFLINE_ARGS, AUTOPLAY_ALLOWED],
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitForHttp(`${base}/`, server, 30_000);
    const html = await (await fetch(`${base}/`)).text();
    if (!/<button[^>]*data-parley="assistant-button"[^>]*data-state="inactive"/.test(html))
      throw new Error('the server HTML has no assistant button');
    console.log(`[consumers] example-next /: server HTML has the button; ${initialJs(app, html)}`);

    // The real backend: a room and a token from the fake Daily, a bot from the fake Pipecat;
    // daily-js then cannot load its call machine offline, which must end in a typed state.
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    const started = Date.now();
    await page.locator('[data-parley="assistant-button"]').click();
    await page.waitForSelector('[data-testid="status"][data-status="unavailable"]', {
      timeout: 60_000,
    });
    const after = Date.now() - started;
    const statuses = await page.getByTestId('status').getAttribute('data-statuses');
    const error = await page.getByTestId('error').textContent();
    console.log(
      `[consumers] example-next /, real backend on the fakes: statuses ${statuses} after ${after} ms; ` +
        `error "${error}"`,
    );
    await page.close();
    if (statuses !== 'connecting,unavailable')
      throw new Error(`unexpected status sequence on /: ${statuses}`);
    // Offline, daily-js cannot fetch its call machine: the typed error that says how to fix it.
    if (!error?.startsWith('call-load:'))
      throw new Error(`expected a call-load error on /, got ${error}`);

    const seen = await driveConversation(browser, `${base}/mock`, { avatar: true });
    console.log(`[consumers] example-next /mock in Chromium: ${seen}`);
  } finally {
    await browser.close();
    await stopServer(server);
    asked = await vendors.stop();
  }
  console.log(`[consumers] example-next: npx parley-dev ${asked}`);
  // Every room the handler made was deleted, and every bot it started was stopped.
  const n = /(\d+) room\(s\) created, (\d+) deleted.*Pipecat: (\d+) start\(s\), (\d+) stop/.exec(
    asked,
  );
  if (!n || n[1] !== n[2] || n[3] !== n[4] || n[1] === '0')
    throw new Error(`the fakes were left with rooms or bots: ${asked}`);
}
