/**
 * Local backend for the playground: `createVoiceHandler` on 127.0.0.1 (PORT, default 8787).
 * Without keys it runs against in-process fakes of Daily and Pipecat Cloud; with
 * DAILY_API_KEY (and PIPECAT_API_KEY + PIPECAT_AGENT_NAME) it talks to the real vendors.
 * With PARLEY_REDIS_URL several of these share one Redis (sessions, limits, events); a
 * second instance reuses the first one's fakes through PARLEY_FAKE_DAILY_URL and
 * PARLEY_FAKE_PIPECAT_URL, so both see the same rooms.
 */
import { createServer } from 'node:http';
import {
  createConsoleLogger,
  createPipecatCloudLauncher,
  createVoiceHandler,
  installShutdownHandlers,
  toNodeListener,
} from '../src/server';
import { startFakeDaily, startFakePipecat } from '../src/server/fakes';
import { createRedisStore } from '../src/server/redis';

const env = process.env;
const port = Number(env.PORT ?? 8787);
const closers: (() => Promise<void>)[] = [];

let daily: { apiKey: string; baseUrl?: string };
if (env.DAILY_API_KEY) {
  daily = { apiKey: env.DAILY_API_KEY };
  console.log('[devServer] Daily: real API (api.daily.co)');
} else if (env.PARLEY_FAKE_DAILY_URL) {
  daily = { apiKey: 'fake-daily-key', baseUrl: env.PARLEY_FAKE_DAILY_URL };
  console.log(`[devServer] Daily: the fake at ${env.PARLEY_FAKE_DAILY_URL}`);
} else {
  const fake = await startFakeDaily();
  closers.push(fake.close);
  daily = { apiKey: 'fake-daily-key', baseUrl: fake.url };
  console.log(`[devServer] Daily: fake at ${fake.url} (set DAILY_API_KEY for the real one)`);
}

let launcher: ReturnType<typeof createPipecatCloudLauncher>;
let fakePipecatUrl: string | undefined;
if (env.PIPECAT_API_KEY && env.PIPECAT_AGENT_NAME) {
  launcher = createPipecatCloudLauncher({
    apiKey: env.PIPECAT_API_KEY,
    agentName: env.PIPECAT_AGENT_NAME,
  });
  console.log(`[devServer] Pipecat Cloud: real, agent ${env.PIPECAT_AGENT_NAME}`);
} else {
  let baseUrl = env.PARLEY_FAKE_PIPECAT_URL;
  if (!baseUrl) {
    const fake = await startFakePipecat();
    closers.push(fake.close);
    baseUrl = fake.url;
  }
  fakePipecatUrl = baseUrl;
  launcher = createPipecatCloudLauncher({
    apiKey: 'fake-pipecat-key',
    agentName: 'dev-agent',
    baseUrl,
  });
  console.log(
    `[devServer] Pipecat Cloud: fake at ${baseUrl} (set PIPECAT_API_KEY + PIPECAT_AGENT_NAME)`,
  );
}

const webhookSecret = env.PARLEY_WEBHOOK_SECRET ?? 'dev-webhook-secret';
const adminSecret = env.PARLEY_ADMIN_SECRET ?? 'dev-admin-secret';
// Fixed, so every dev instance accepts the anonymous ids the others issued.
const anonymousSecret = env.PARLEY_ANON_SECRET ?? 'dev-anonymous-secret';
const redisUrl = env.PARLEY_REDIS_URL || undefined;
// Pages served from another origin than this server (a dev frontend on its own port).
const allowedOrigins = (env.PARLEY_ALLOWED_ORIGINS ?? '')
  .split(',')
  .map((o) => o.trim())
  .filter(Boolean);
const handler = createVoiceHandler({
  daily,
  launcher,
  webhookSecret,
  adminSecret,
  anonymousSecret,
  allowedOrigins,
  // Unset: the in-memory store (this process only).
  ...(redisUrl ? { store: createRedisStore({ url: redisUrl }) } : {}),
  logger: createConsoleLogger([
    daily.apiKey,
    env.PIPECAT_API_KEY,
    webhookSecret,
    adminSecret,
    anonymousSecret,
    redisUrl,
  ]),
});

const server = createServer(toNodeListener(handler));
server.listen(port, '127.0.0.1', () => {
  console.log(`[devServer] voice backend on http://127.0.0.1:${port}/api/voice`);
  if (!env.PARLEY_WEBHOOK_SECRET) console.log('[devServer] webhook secret: dev-webhook-secret');
  if (!env.PARLEY_ADMIN_SECRET) console.log('[devServer] admin secret: dev-admin-secret');
  console.log(
    `[devServer] browser routes accept this origin${allowedOrigins.length ? ` and ${allowedOrigins.join(', ')}` : ''} (PARLEY_ALLOWED_ORIGINS)`,
  );
  if (!redisUrl) {
    console.log('[devServer] session store: in memory (set PARLEY_REDIS_URL to share one Redis)');
    return;
  }
  console.log(`[devServer] session store: Redis at ${redactUrl(redisUrl)}`);
  if (daily.baseUrl && fakePipecatUrl) {
    console.log(
      '[devServer] another instance on the same Redis and fakes:\n' +
        `  PORT=${port + 1} PARLEY_REDIS_URL=${redisUrl} PARLEY_FAKE_DAILY_URL=${daily.baseUrl} ` +
        `PARLEY_FAKE_PIPECAT_URL=${fakePipecatUrl} pnpm --filter @parley/voice-core dev:server`,
    );
  }
});

/** The URL without its password, for the console. */
function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'redis://…';
  }
}

installShutdownHandlers(
  {
    async shutdown() {
      const ended = await handler.shutdown();
      console.log(`[devServer] ended ${ended} session(s)`);
      await handler.close();
      server.closeAllConnections();
      server.close();
      await Promise.all(closers.map((c) => c()));
    },
  },
  {},
);
