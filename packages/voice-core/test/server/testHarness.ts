/**
 * Test-only wiring: the handler served over real loopback HTTP against the local fakes,
 * with an injected clock. Imported by `*.test.ts` only; not part of the public API.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as v from 'valibot';
import { type BackendEvent, BackendEventSchema } from '../../src/runtime/backend/backendProtocol';
import { createPipecatCloudLauncher, createSelfHostedLauncher } from '../../src/server/botLauncher';
import {
  type FakeBot,
  type FakeDaily,
  type FakePipecat,
  startFakeBot,
  startFakeDaily,
  startFakePipecat,
} from '../../src/server/fakes';
import { createMemoryStore } from '../../src/server/memoryStore';
import { toNodeListener } from '../../src/server/nodeAdapter';
import {
  createVoiceHandler,
  type VoiceHandler,
  type VoiceHandlerOptions,
} from '../../src/server/voiceHandler';

export const DAILY_KEY = 'dk_test_6f1c0ffee6f1c0ffee';
export const PIPECAT_KEY = 'pk_test_9a9b9c9d9e9f';
export const WEBHOOK_SECRET = 'whsec_test_0123456789';
export const ADMIN_SECRET = 'admin_test_abcdef123456';
export const START_TIME = Date.UTC(2025, 0, 15, 12, 0, 0);

/** The bot launcher a test handler uses, on the fake self-hosted bot or fake Pipecat Cloud. */
export function fakeLauncher(
  kind: 'pipecat' | 'self-hosted' | undefined,
  fakes: { botUrl: string; pipecatUrl: string },
  retry: { baseDelayMs: number; maxDelayMs: number; maxRetries: number },
) {
  return kind === 'self-hosted'
    ? createSelfHostedLauncher({ url: fakes.botUrl, retry })
    : createPipecatCloudLauncher({
        apiKey: PIPECAT_KEY,
        agentName: 'parley-agent',
        baseUrl: fakes.pipecatUrl,
        retry,
      });
}

export interface Harness {
  base: string;
  handler: VoiceHandler;
  daily: FakeDaily;
  pipecat: FakePipecat;
  bot: FakeBot;
  clock: { now: () => number; advance(ms: number): void; set(t: number): void };
  /** JSON request as user `user` (sent as `x-test-user`, read by the test `authenticate`). */
  call(method: string, path: string, init?: CallInit): Promise<CallResult>;
  start(user: string, body?: unknown): Promise<CallResult>;
  webhook(body: unknown, secret?: string): Promise<CallResult>;
  close(): Promise<void>;
}

export interface CallInit {
  user?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  headers: Headers;
  json: unknown;
  text: string;
}

export interface HarnessOptions {
  launcher?: 'pipecat' | 'self-hosted';
  /** Use the signed anonymous identity instead of the `x-test-user` auth. */
  anonymous?: boolean;
  handler?: Partial<VoiceHandlerOptions>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const daily = await startFakeDaily({ apiKey: DAILY_KEY });
  const pipecat = await startFakePipecat({ apiKey: PIPECAT_KEY });
  const bot = await startFakeBot();
  let t = START_TIME;
  const clock = {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
    set: (value: number) => {
      t = value;
    },
  };
  const retry = { baseDelayMs: 1, maxDelayMs: 20, maxRetries: 2 };
  const launcher = fakeLauncher(
    options.launcher,
    { botUrl: bot.url, pipecatUrl: pipecat.url },
    retry,
  );
  const handler = createVoiceHandler({
    daily: { apiKey: DAILY_KEY, baseUrl: daily.url, retry },
    launcher,
    webhookSecret: WEBHOOK_SECRET,
    adminSecret: ADMIN_SECRET,
    now: clock.now,
    // Explicit, so a PARLEY_REDIS_URL in the environment never reaches the fake-clock tests.
    store: createMemoryStore({ now: clock.now }),
    sweepIntervalMs: 0,
    ...(options.anonymous
      ? {}
      : { authenticate: (req: Request) => req.headers.get('x-test-user') }),
    ...options.handler,
  });
  const server: Server = createServer(toNodeListener(handler));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/voice`;

  const call = (method: string, path: string, init: CallInit = {}) =>
    httpCall(base, method, path, init);

  return {
    base,
    handler,
    daily,
    pipecat,
    bot,
    clock,
    call,
    start: (user, body = {}) => call('POST', '/session', { user, body }),
    webhook: (body, secret = WEBHOOK_SECRET) =>
      call('POST', '/webhook', { body, headers: { authorization: `Bearer ${secret}` } }),
    async close() {
      await handler.close();
      await handler.settled();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([daily.close(), pipecat.close(), bot.close()]);
    },
  };
}

/** A JSON request to a handler served at `base`, as `init.user` (the `x-test-user` auth). */
export async function httpCall(
  base: string,
  method: string,
  path: string,
  init: CallInit = {},
): Promise<CallResult> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.user) headers['x-test-user'] = init.user;
  let body: string | undefined = init.rawBody;
  if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json, text };
}

/** An open SSE connection: collects events; `until` waits for a condition. */
export interface SseClient {
  events: BackendEvent[];
  comments: string[];
  closed: Promise<void>;
  until(predicate: (events: BackendEvent[]) => boolean, timeoutMs?: number): Promise<void>;
  abort(): void;
}

export async function openSse(
  url: string,
  headers: Record<string, string> = {},
): Promise<SseClient & { status: number }> {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  const events: BackendEvent[] = [];
  const comments: string[] = [];
  const waiters = new Set<() => void>();
  let isClosed = false;
  const closed = (async () => {
    if (!response.body) return;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += value;
        let cut = buffer.indexOf('\n\n');
        while (cut >= 0) {
          const frame = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          for (const line of frame.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim());
            if (line.startsWith('data: '))
              events.push(v.parse(BackendEventSchema, JSON.parse(line.slice(6))));
          }
          cut = buffer.indexOf('\n\n');
        }
        for (const w of waiters) w();
      }
    } catch {
      // aborted
    }
    isClosed = true;
    for (const w of waiters) w();
  })();
  return {
    status: response.status,
    events,
    comments,
    closed,
    abort: () => controller.abort(),
    until(predicate, timeoutMs = 3000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (predicate(events)) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve();
          } else if (isClosed) {
            waiters.delete(check);
            clearTimeout(timer);
            reject(new Error(`stream closed; got ${events.map((e) => e.type).join(',')}`));
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timeout; got ${events.map((e) => e.type).join(',')}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}
