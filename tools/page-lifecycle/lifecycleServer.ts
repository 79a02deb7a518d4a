/**
 * The real voice handler on the fake vendors (Daily REST, Pipecat Cloud with its private
 * key, so every bot stop is recorded), served with the page under test from one HTTP server
 * on 127.0.0.1. What the server recorded is read from its own store and the fakes.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import {
  createMemoryStore,
  createPipecatCloudLauncher,
  createVoiceHandler,
  type MemoryStore,
  toNodeListener,
  type VoiceHandlerOptions,
} from '@parley/voice-core/server';
import {
  type FakeDaily,
  type FakePipecat,
  startFakeDaily,
  startFakePipecat,
} from '@parley/voice-core/server/fakes';
import { build } from 'esbuild';

const DAILY_KEY = 'dk_lifecycle_0123456789';
const PIPECAT_KEY = 'pk_lifecycle_0123456789';
const PIPECAT_PRIVATE_KEY = 'pk_private_lifecycle_0123';

/** The page script, bundled once per process from source (the `@parley/source` condition). */
let bundle: Promise<string> | undefined;
function pageScript(): Promise<string> {
  bundle ??= build({
    entryPoints: [fileURLToPath(new URL('./page/lifecyclePage.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    conditions: ['@parley/source'],
    // The page injects the mock call: daily-js is never loaded.
    external: ['@daily-co/daily-js'],
    logLevel: 'silent',
  }).then((result) => result.outputFiles[0]?.text ?? '');
  return bundle;
}

const html = (body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>Parley lifecycle</title></head><body>${body}</body></html>`;

export interface LifecycleServer {
  origin: string;
  store: MemoryStore;
  daily: FakeDaily;
  pipecat: FakePipecat;
  close(): Promise<void>;
}

export async function startLifecycleServer(
  limits: VoiceHandlerOptions['limits'] = {},
): Promise<LifecycleServer> {
  const script = await pageScript();
  const daily = await startFakeDaily({ apiKey: DAILY_KEY });
  const pipecat = await startFakePipecat({ apiKey: PIPECAT_KEY, privateKey: PIPECAT_PRIVATE_KEY });
  const store = createMemoryStore();
  const handler = createVoiceHandler({
    daily: { apiKey: DAILY_KEY, baseUrl: daily.url },
    launcher: createPipecatCloudLauncher({
      apiKey: PIPECAT_KEY,
      privateKey: PIPECAT_PRIVATE_KEY,
      agentName: 'parley-agent',
      baseUrl: pipecat.url,
    }),
    store,
    botName: 'parley-bot',
    anonymousSecret: 'lifecycle-anonymous-secret-0123',
    addressLimits: false,
    sweepIntervalMs: 100,
    orphanSweepIntervalMs: 0,
    limits: { cooldownMs: 0, heartbeatsPerMinute: 1000, ...limits },
  });
  const api = toNodeListener(handler);
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path?.startsWith('/api/voice/')) return api(req, res);
    if (path === '/page.js') {
      res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' });
      return res.end(script);
    }
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end(html('<script type="module" src="/page.js"></script>'));
    }
    if (path === '/other') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end(html('<p>another page</p>'));
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    store,
    daily,
    pipecat,
    async close() {
      await handler.shutdown();
      await handler.close();
      await handler.settled();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([daily.close(), pipecat.close()]);
    },
  };
}
