/**
 * The engine in a real Chromium, against the real handler over HTTP on 127.0.0.1 with the
 * fake vendors: every way a page can go away or stall. Each case asserts what the server
 * recorded — the session ended once (its record, one room deleted at the fake Daily, one
 * bot stopped at the fake Pipecat) — and, where the page is still there to ask, that the
 * mic track it opened has ended. Waits are for events (a status, a record), each bounded.
 */
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AUTOPLAY_ALLOWED, CHROMIUM_OFFLINE_ARGS, CHROMIUM_PATH } from '../chromiumArgs';
import { type LifecycleServer, startLifecycleServer } from './lifecycleServer';

const FAKE_MIC = ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'];

let browser: Browser;
let server: LifecycleServer | undefined;
let context: BrowserContext | undefined;

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    // Playwright turns the back/forward cache off by default; users' browsers have it on.
    ignoreDefaultArgs: ['--disable-back-forward-cache'],
    args: [...CHROMIUM_OFFLINE_ARGS, ...FAKE_MIC, AUTOPLAY_ALLOWED],
  });
});
afterEach(async () => {
  await context?.close();
  context = undefined;
  await server?.close();
  server = undefined;
});
afterAll(async () => {
  await browser?.close();
});

async function setup(limits: Parameters<typeof startLifecycleServer>[0] = {}) {
  server = await startLifecycleServer(limits);
  context = await browser.newContext();
  return { server, context };
}

async function openPage(query = ''): Promise<Page> {
  const page = await context!.newPage();
  await page.goto(`${server!.origin}/${query}`);
  await page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
  return page;
}

async function startActive(page: Page): Promise<string> {
  await page.evaluate(() => void window.parley.start());
  await page.waitForSelector('body[data-status="active"]', { state: 'attached', timeout: 10_000 });
  return (await page.evaluate(() => window.parley.snapshot().sessionId)) as string;
}

const snapshot = (page: Page) => page.evaluate(() => window.parley.snapshot());
const tracks = (page: Page) => page.evaluate(() => window.parley.tracks());
const record = (id: string) => server!.store.get(id);

/** Waits until the server has ended `id`; resolves to its record. */
async function ended(id: string) {
  await expect.poll(async () => (await record(id))?.status, { timeout: 10_000 }).toBe('ended');
  return (await record(id))!;
}

/**
 * The server's side of one ended session: its record, its bot stopped once at the fake
 * Pipecat, and its room deleted at the fake Daily — once per ended session of the user (the
 * room name is the user's, so a later session of theirs gets a room of the same name).
 */
async function expectEndedOnce(id: string, reasons: string[], what: string, since: number) {
  const r = await ended(id);
  expect(reasons).toContain(r.endReason);
  console.log(
    `[page-lifecycle] ${what}: the server ended it \`${r.endReason}\` ${(r.endedAt ?? 0) - since} ms after`,
  );
  await expect.poll(() => server!.pipecat.stops.map((s) => s.sessionId)).toContain(r.botSessionId);
  expect(server!.pipecat.stops.filter((s) => s.sessionId === r.botSessionId)).toHaveLength(1);
  const sameRoom = (await server!.store.list()).filter((x) => x.roomName === r.roomName);
  const endedThere = sameRoom.filter((x) => x.status === 'ended').length;
  await expect
    .poll(() => server!.daily.deleted.filter((n) => n === r.roomName).length)
    .toBe(endedThere);
  const liveThere = sameRoom.some((x) => x.status !== 'ended');
  expect(server!.daily.rooms.has(r.roomName)).toBe(liveThere);
  return r;
}

describe('a page that goes away ends its session once', () => {
  it('tab close', async () => {
    await setup();
    const page = await openPage();
    const id = await startActive(page);
    expect(await tracks(page)).toEqual(['live']);
    const at = Date.now();
    await page.close();
    await expectEndedOnce(id, ['page-left'], 'tab close', at);
  });

  it('navigation to another page', async () => {
    await setup();
    const page = await openPage();
    const id = await startActive(page);
    const at = Date.now();
    await page.goto(`${server!.origin}/other`);
    await expectEndedOnce(id, ['page-left'], 'navigation', at);
  });

  it('reload: the old session ends, the reloaded page starts a fresh one', async () => {
    await setup();
    const page = await openPage();
    const first = await startActive(page);
    const at = Date.now();
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
    await expectEndedOnce(first, ['page-left'], 'reload', at);
    const second = await startActive(page);
    expect(second).not.toBe(first);
    expect((await record(second))?.status).toBe('live');
    const stopAt = Date.now();
    await page.evaluate(() => window.parley.stop());
    await expectEndedOnce(second, ['user'], 'stop after the reload', stopAt);
  });

  it('the back/forward cache: ended on hide, restored inactive with the mic ended', async () => {
    await setup();
    const page = await openPage();
    const id = await startActive(page);
    const at = Date.now();
    await page.goto(`${server!.origin}/other`);
    await expectEndedOnce(id, ['page-left'], 'into the back/forward cache', at);
    // A page restored from the cache fires no `load`: the commit is the navigation.
    await page.goBack({ waitUntil: 'commit' });
    await page.waitForSelector('body[data-status="inactive"]', { state: 'attached' });
    expect(await page.evaluate(() => window.parley.restored)).toBe(true);
    expect(await snapshot(page)).toMatchObject({ status: 'inactive', endReason: 'page-hidden' });
    expect(await page.evaluate(() => window.parley.statuses)).toEqual([
      'connecting',
      'active',
      'disconnecting',
      'inactive',
    ]);
    expect(await tracks(page)).toEqual(['ended']);
  });
});

describe('a page that stalls is ended by the server, and hears of it when it wakes', () => {
  it('a frozen page past the hard maximum', async () => {
    await setup({ hardMs: 3000, warnMs: 1000, idleWarnMs: 1000 });
    const page = await openPage();
    const id = await startActive(page);
    const cdp = await context!.newCDPSession(page);
    const startedAt = (await record(id))!.startedAt;
    await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
    await expectEndedOnce(id, ['hard-timeout'], 'frozen, hard maximum 3000 ms', startedAt);
    await cdp.send('Page.setWebLifecycleState', { state: 'active' });
    await page.waitForSelector('body[data-status="inactive"]', {
      state: 'attached',
      timeout: 10_000,
    });
    const s = await snapshot(page);
    console.log(`[page-lifecycle] the frozen page, woken: ended \`${s.endReason}\``);
    expect(['max-duration', 'server-ended']).toContain(s.endReason);
    expect(await tracks(page)).toEqual(['ended']);
  });

  it('offline past the client-lost limit: back online, the answer ends the page', async () => {
    await setup({ clientLostMs: 2000 });
    // No event stream: only the heartbeat's answer can tell the page (the stream's open
    // connection would carry the news even offline).
    const page = await openPage('?heartbeatMs=500&dataChannel=false');
    const id = await startActive(page);
    const at = Date.now();
    await context!.setOffline(true);
    await expectEndedOnce(id, ['client-lost'], 'offline, client-lost limit 2000 ms', at);
    expect((await snapshot(page)).status).toBe('active'); // it cannot know yet
    await context!.setOffline(false);
    await page.waitForSelector('body[data-status="inactive"]', {
      state: 'attached',
      timeout: 10_000,
    });
    expect(await snapshot(page)).toMatchObject({ endReason: 'server-ended' });
    expect(await tracks(page)).toEqual(['ended']);
  });
});

describe('a second tab', () => {
  it('takes the conversation over: the first tab ends `replaced`, its mic released', async () => {
    await setup();
    const a = await openPage();
    const first = await startActive(a);
    const b = await openPage();
    const at = Date.now();
    const second = await startActive(b);
    expect(second).not.toBe(first);
    await a.waitForSelector('body[data-status="inactive"]', { state: 'attached', timeout: 10_000 });
    expect(await snapshot(a)).toMatchObject({ endReason: 'replaced', error: null });
    expect(await tracks(a)).toEqual(['ended']);
    await expectEndedOnce(first, ['replaced'], "the first tab, on the second tab's start", at);
    expect(await snapshot(b)).toMatchObject({ status: 'active', sessionId: second });
    expect(await tracks(b)).toEqual(['live']);
    expect((await record(second))?.status).toBe('live');
    const stopAt = Date.now();
    await b.evaluate(() => window.parley.stop());
    await expectEndedOnce(second, ['user'], 'the second tab, on stop', stopAt);
    expect(await tracks(b)).toEqual(['ended']);
  });
});
