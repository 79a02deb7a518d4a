import { type ChildProcess, spawn, type SpawnOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright';

/** daily-js as a product team installs it next to Parley (npm picks what Node 20 accepts). */
export const PEERS = ['@daily-co/daily-js@>=0.80.0 <1'];

/** The bytes `files` (paths under `dir`) would take gzipped at level 9, summed. */
export function gzippedSize(files: readonly string[], dir: string): number {
  return files.reduce((n, f) => n + gzipSync(readFileSync(join(dir, f)), { level: 9 }).length, 0);
}

/** What `run.ts` hands each example. */
export interface ConsumerContext {
  tarballs: Record<string, string>;
  copyExample(name: string): string;
  run(cmd: string, args: string[], cwd: string, env?: Record<string, string>): number;
  repo: string;
}

/**
 * Starts an installed package's bin (`node_modules/.bin/<name>`) in `app`, in a process group
 * of its own, so `stopServer` ends it and anything it started (an `npx` wrapper would not pass
 * SIGTERM on, and the server would outlive the run).
 */
export function startServer(
  app: string,
  bin: string,
  args: string[],
  options: SpawnOptions = {},
): ChildProcess {
  return spawn(join(app, 'node_modules', '.bin', bin), args, {
    cwd: app,
    stdio: 'ignore',
    ...options,
    detached: true,
  });
}

/** SIGTERM to the server's whole process group; SIGKILL if it is still there after 10 s. */
export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(-child.pid, 'SIGTERM');
  const bound = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 10_000);
  await exited;
  clearTimeout(bound);
}

export function freePort(): Promise<number> {
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

export async function waitForHttp(url: string, child: ChildProcess, ms: number): Promise<void> {
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

/**
 * Presses the assistant button on `url` and follows a whole mock conversation: `active`, the
 * bot's audio playing through BotAudio's `<audio>`, a final bot turn, and the end by goodbye.
 * With `avatar`, the Rive avatar (`data-testid="avatar"`) must load and show the bot speaking.
 * Fails on any other status sequence, on any `voice.error` the page shows (`data-testid="error"`:
 * a happy run has no `tool-failed`), or on a console error or warning. Returns what it saw.
 */
export async function driveConversation(
  browser: Browser,
  url: string,
  options: { avatar?: boolean } = {},
): Promise<string> {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto(url);
  const status = page.getByTestId('status');
  await status.waitFor();
  // What start intent (hover) fetches ahead of the click, for the log.
  const scripts: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script')
      scripts.push(new URL(r.url()).pathname.split('/').pop() ?? '');
  });
  const before = scripts.length;
  await page.locator('[data-parley="assistant-button"]').hover();
  await page.waitForLoadState('networkidle');
  const onHover = scripts.slice(before);
  const started = Date.now();
  await page.locator('[data-parley="assistant-button"]').click();
  await page.waitForSelector('[data-testid="status"][data-status="active"]', { timeout: 20_000 });
  const activeAfter = Date.now() - started;
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('audio')].some(
        (a) => !a.paused && a.srcObject instanceof MediaStream && a.currentTime > 0.2,
      ),
    undefined,
    { timeout: 15_000 },
  );
  const playingAfter = Date.now() - started;
  let avatar = '';
  if (options.avatar) {
    // The real runtime and wasm, from the app's own origin; `data-speaking` while the bot speaks.
    await page.waitForSelector('[data-testid="avatar"][data-state="ready"]', { timeout: 15_000 });
    await page.waitForSelector('[data-testid="avatar"][data-speaking]', { timeout: 15_000 });
    avatar = `; Rive avatar ready and speaking after ${Date.now() - started} ms`;
  }
  await page.waitForSelector('[data-role="bot"][data-final="true"]', { timeout: 20_000 });
  await page.waitForSelector('[data-testid="status"][data-status="inactive"]', { timeout: 30_000 });
  const endedAfter = Date.now() - started;
  const statuses = await status.getAttribute('data-statuses');
  const turns = await page.locator('[data-testid="transcript"] li').allTextContents();
  const errors = await page.getByTestId('error').allTextContents();
  await page.close();
  if (statuses !== 'connecting,active,disconnecting,inactive')
    throw new Error(`unexpected status sequence: ${statuses}`);
  if (errors.length > 0) throw new Error(`the page reported errors: ${errors.join(' | ')}`);
  if (problems.length > 0) throw new Error(`console problems:\n${problems.join('\n')}`);
  return (
    `hover preloaded ${onHover.length} script(s) (${onHover.join(', ')}); ` +
    `statuses ${statuses}; active after ${activeAfter} ms, bot audio playing after ` +
    `${playingAfter} ms${avatar}, ended after ${endedAfter} ms; ${turns.length} transcript turns ` +
    `(${turns.join(' | ')}); voice.error: none; console errors/warnings: 0`
  );
}
