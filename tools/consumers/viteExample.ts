import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright';
import { AUTOPLAY_ALLOWED, CHROMIUM_OFFLINE_ARGS, CHROMIUM_PATH } from '../chromiumArgs';

interface Context {
  tarballs: Record<string, string>;
  copyExample(name: string): string;
  run(cmd: string, args: string[], cwd: string): number;
  repo: string;
}

/** daily-js as a product team installs it next to Parley (npm picks what Node 20 accepts). */
const PEERS = ['@daily-co/daily-js@>=0.80.0 <1'];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

const gz = (files: string[], dist: string) =>
  files.reduce((n, f) => n + gzipSync(readFileSync(join(dist, f)), { level: 9 }).length, 0);

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
  return { initial, initialGz: gz(initial, dist), lazy, lazyGz: gz(lazy, dist) };
}

async function waitForHttp(url: string, child: ChildProcess, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within ${ms} ms`);
}

export async function runViteExample(ctx: Context): Promise<void> {
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
  const build = ctx.run('npm', ['run', 'build'], app);
  const js = chunkSizes(join(app, 'dist'));
  const kib = (n: number) => `${(n / 1024).toFixed(2)} KiB gz`;
  console.log(
    `[consumers] example-vite: npm install ${install.toFixed(1)} s, build ${build.toFixed(1)} s; ` +
      `initial JS ${kib(js.initialGz)} in ${js.initial.length} file(s) (React, Parley, the mock room); ` +
      `lazy ${kib(js.lazyGz)} in ${js.lazy.length} chunk(s): ${js.lazy.map((f) => f.replace(/^assets\//, '')).join(', ')}`,
  );

  const port = await freePort();
  const server = spawn(
    'npx',
    ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
    { cwd: app, stdio: 'ignore' },
  );
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_OFFLINE_ARGS, AUTOPLAY_ALLOWED],
  });
  try {
    const url = `http://127.0.0.1:${port}/`;
    await waitForHttp(url, server, 20_000);
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    await page.goto(url);
    const status = page.getByTestId('status');
    await status.waitFor();
    const started = Date.now();
    await page.getByRole('button').first().click();
    await page.waitForSelector('[data-testid="status"][data-status="active"]', { timeout: 20_000 });
    const activeAfter = Date.now() - started;
    // The bot's audio plays through BotAudio's <audio> element, from the mock bot's real track.
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('audio')].some(
          (a) => !a.paused && a.srcObject instanceof MediaStream && a.currentTime > 0.2,
        ),
      undefined,
      { timeout: 15_000 },
    );
    const playingAfter = Date.now() - started;
    await page.waitForSelector('[data-role="bot"][data-final="true"]', { timeout: 20_000 });
    await page.waitForSelector('[data-testid="status"][data-status="inactive"]', {
      timeout: 30_000,
    });
    const endedAfter = Date.now() - started;
    const statuses = await status.getAttribute('data-statuses');
    const turns = await page.locator('[data-testid="transcript"] li').allTextContents();
    console.log(
      `[consumers] example-vite in Chromium: statuses ${statuses}; active after ${activeAfter} ms, ` +
        `bot audio playing after ${playingAfter} ms, ended after ${endedAfter} ms; ` +
        `${turns.length} transcript turns; console errors/warnings: ${problems.length}`,
    );
    for (const t of turns) console.log(`[consumers]   ${t}`);
    if (statuses !== 'connecting,active,disconnecting,inactive')
      throw new Error(`unexpected status sequence: ${statuses}`);
    if (problems.length > 0) throw new Error(`console problems:\n${problems.join('\n')}`);
  } finally {
    await browser.close();
    server.kill('SIGTERM');
  }
}
