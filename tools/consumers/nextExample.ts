import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright';
import { startFakeDaily, startFakePipecat } from '../../packages/voice-core/src/server/fakes';
import { AUTOPLAY_ALLOWED, CHROMIUM_OFFLINE_ARGS, CHROMIUM_PATH } from '../chromiumArgs';
import { type ConsumerContext, driveConversation, freePort, waitForHttp } from './browserRun';

const PEERS = ['@daily-co/daily-js@>=0.80.0 <1'];

/**
 * `apps/example-next` as a product team ships it: `next build` (Turbopack, `cacheComponents`),
 * `next start` on 127.0.0.1 with the route handler talking to the fake Daily REST API and the
 * fake Pipecat launcher. Checks that the server HTML has the button, that pressing it against
 * the real backend ends in a typed state (daily-js cannot join anything offline), and that the
 * mock-room page holds a whole conversation with the bot's audio playing.
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
  const build = ctx.run('npx', ['next', 'build'], app, env);
  console.log(
    `[consumers] example-next: npm install ${install.toFixed(1)} s, next build ${build.toFixed(1)} s`,
  );

  const daily = await startFakeDaily();
  const pipecat = await startFakePipecat();
  const port = await freePort();
  const server = spawn('npx', ['next', 'start', '-H', '127.0.0.1', '-p', String(port)], {
    cwd: app,
    stdio: 'ignore',
    env: {
      ...process.env,
      ...env,
      PARLEY_FAKE_DAILY_URL: daily.url,
      PARLEY_FAKE_PIPECAT_URL: pipecat.url,
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
    const rooms = `${daily.tokens.length} token(s), ${daily.rooms.size + daily.deleted.length} room(s), ${daily.deleted.length} deleted`;
    console.log(
      `[consumers] example-next /, real backend on the fakes: statuses ${statuses} after ${after} ms; ` +
        `error "${error}"; at the fake Daily: ${rooms}`,
    );
    await page.close();
    if (statuses !== 'connecting,unavailable')
      throw new Error(`unexpected status sequence on /: ${statuses}`);
    // Offline, daily-js cannot fetch its call machine: the typed error that says how to fix it.
    if (!error?.startsWith('call-load:'))
      throw new Error(`expected a call-load error on /, got ${error}`);

    const seen = await driveConversation(browser, `${base}/mock`);
    console.log(`[consumers] example-next /mock in Chromium: ${seen}`);
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    await daily.close();
    await pipecat.close();
  }
}
