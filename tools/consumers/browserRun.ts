import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { Browser } from 'playwright';

/** What `run.ts` hands each example. */
export interface ConsumerContext {
  tarballs: Record<string, string>;
  copyExample(name: string): string;
  run(cmd: string, args: string[], cwd: string, env?: Record<string, string>): number;
  repo: string;
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
 * Fails on any other status sequence or on a console error or warning. Returns what it saw.
 */
export async function driveConversation(browser: Browser, url: string): Promise<string> {
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
  await page.waitForSelector('[data-role="bot"][data-final="true"]', { timeout: 20_000 });
  await page.waitForSelector('[data-testid="status"][data-status="inactive"]', { timeout: 30_000 });
  const endedAfter = Date.now() - started;
  const statuses = await status.getAttribute('data-statuses');
  const turns = await page.locator('[data-testid="transcript"] li').allTextContents();
  await page.close();
  if (statuses !== 'connecting,active,disconnecting,inactive')
    throw new Error(`unexpected status sequence: ${statuses}`);
  if (problems.length > 0) throw new Error(`console problems:\n${problems.join('\n')}`);
  return (
    `statuses ${statuses}; active after ${activeAfter} ms, bot audio playing after ` +
    `${playingAfter} ms, ended after ${endedAfter} ms; ${turns.length} transcript turns ` +
    `(${turns.join(' | ')}); console errors/warnings: 0`
  );
}
