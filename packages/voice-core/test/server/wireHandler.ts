/**
 * Test-only: one handler wired to the local fakes and served over loopback HTTP, the piece
 * the single-instance harness and the cluster harness share. Not part of the public API.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPipecatCloudLauncher, createSelfHostedLauncher } from '../../src/server/botLauncher';
import type { FakeBot, FakeDaily, FakePipecat } from '../../src/server/fakes';
import { toNodeListener } from '../../src/server/nodeAdapter';
import { signWebhook } from '../../src/server/webhook';
import type { SessionStore } from '../../src/server/sessionStore';
import { createVoiceHandler, type VoiceHandler } from '../../src/server/voiceHandler';
import type { VoiceHandlerOptions } from '../../src/server/voiceHandlerOptions';
import { type CallInit, type CallResult, httpCall } from './httpCall';

export const DAILY_KEY = 'dk_test_6f1c0ffee6f1c0ffee';
export const PIPECAT_KEY = 'pk_test_9a9b9c9d9e9f';
export const WEBHOOK_SECRET = 'whsec_test_0123456789';
export const ADMIN_SECRET = 'admin_test_abcdef123456';

/** Short, few retries: a vendor failure the test injects resolves in milliseconds. */
const RETRY = { baseDelayMs: 1, maxDelayMs: 20, maxRetries: 2 };

export interface WireOptions {
  /** The fake vendors the handler talks to (started by the caller, who may share them). */
  fakes: { daily: FakeDaily; pipecat: FakePipecat; bot: FakeBot };
  /** Required, so a `PARLEY_REDIS_URL` in the environment never picks a test's store. */
  store: SessionStore;
  /** Which fake starts the bot (default Pipecat Cloud). */
  launcher?: 'pipecat' | 'self-hosted' | undefined;
  /** The handler's clock (default the real one). */
  now?: (() => number) | undefined;
  /** Use the signed anonymous identity instead of the `x-test-user` auth. */
  anonymous?: boolean | undefined;
  /** Applied last, over everything above. */
  handler?: Partial<VoiceHandlerOptions> | undefined;
}

export interface WiredHandler {
  /** The handler's base URL (`http://127.0.0.1:{port}/api/voice`). */
  base: string;
  handler: VoiceHandler;
  /** JSON request as user `init.user` (sent as `x-test-user`, read by the test `authenticate`). */
  call(method: string, path: string, init?: CallInit): Promise<CallResult>;
  start(user: string, body?: unknown): Promise<CallResult>;
  /** `POST /webhook`, signed with `secret` (default the handler's) as the bot signs it. */
  webhook(body: unknown, secret?: string): Promise<CallResult>;
  /**
   * Stops the handler's timer and its HTTP server, dropping open connections. `graceful`
   * waits for background bot launches first; without it the process just stops answering.
   */
  stop(options: { graceful: boolean }): Promise<void>;
}

/** The bot launcher a test handler uses, on the fake self-hosted bot or fake Pipecat Cloud. */
function fakeLauncher(kind: WireOptions['launcher'], fakes: WireOptions['fakes']) {
  return kind === 'self-hosted'
    ? createSelfHostedLauncher({ url: fakes.bot.url, retry: RETRY })
    : createPipecatCloudLauncher({
        apiKey: PIPECAT_KEY,
        agentName: 'parley-agent',
        baseUrl: fakes.pipecat.url,
        retry: RETRY,
      });
}

/** Creates the handler on the fakes and serves it on a free loopback port. */
export async function wireHandler(options: WireOptions): Promise<WiredHandler> {
  const handler = createVoiceHandler({
    daily: { apiKey: DAILY_KEY, baseUrl: options.fakes.daily.url, retry: RETRY },
    launcher: fakeLauncher(options.launcher, options.fakes),
    webhookSecret: WEBHOOK_SECRET,
    adminSecret: ADMIN_SECRET,
    store: options.store,
    // Tests drive the sweeper themselves (`handler.sweep()`).
    sweepIntervalMs: 0,
    orphanSweepIntervalMs: 0,
    ...(options.now ? { now: options.now } : {}),
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
    call,
    start: (user, body = {}) => call('POST', '/session', { user, body }),
    // Signed as a bot signs it, with the handler's clock (the replay window is checked on it).
    webhook: async (body, secret = WEBHOOK_SECRET) => {
      const rawBody = JSON.stringify(body);
      const signature = await signWebhook(secret, rawBody, (options.now ?? Date.now)());
      return call('POST', '/webhook', {
        rawBody,
        headers: { 'content-type': 'application/json', 'x-parley-signature': signature },
      });
    },
    async stop({ graceful }) {
      await handler.close();
      if (graceful) await handler.settled();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
