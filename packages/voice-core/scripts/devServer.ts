/**
 * Local backend for the playground: `createVoiceHandler` on 127.0.0.1 (PORT, default 8787).
 * Without keys it runs against in-process fakes of Daily and Pipecat Cloud; with
 * DAILY_API_KEY (and PIPECAT_API_KEY + PIPECAT_AGENT_NAME) it talks to the real vendors.
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

const env = process.env;
const port = Number(env.PORT ?? 8787);
const closers: (() => Promise<void>)[] = [];

let daily: { apiKey: string; baseUrl?: string };
if (env.DAILY_API_KEY) {
  daily = { apiKey: env.DAILY_API_KEY };
  console.log('[devServer] Daily: real API (api.daily.co)');
} else {
  const fake = await startFakeDaily();
  closers.push(fake.close);
  daily = { apiKey: 'fake-daily-key', baseUrl: fake.url };
  console.log(`[devServer] Daily: fake at ${fake.url} (set DAILY_API_KEY for the real one)`);
}

let launcher: ReturnType<typeof createPipecatCloudLauncher>;
if (env.PIPECAT_API_KEY && env.PIPECAT_AGENT_NAME) {
  launcher = createPipecatCloudLauncher({
    apiKey: env.PIPECAT_API_KEY,
    agentName: env.PIPECAT_AGENT_NAME,
  });
  console.log(`[devServer] Pipecat Cloud: real, agent ${env.PIPECAT_AGENT_NAME}`);
} else {
  const fake = await startFakePipecat();
  closers.push(fake.close);
  launcher = createPipecatCloudLauncher({
    apiKey: 'fake-pipecat-key',
    agentName: 'dev-agent',
    baseUrl: fake.url,
  });
  console.log(
    `[devServer] Pipecat Cloud: fake at ${fake.url} (set PIPECAT_API_KEY + PIPECAT_AGENT_NAME)`,
  );
}

const webhookSecret = env.PARLEY_WEBHOOK_SECRET ?? 'dev-webhook-secret';
const adminSecret = env.PARLEY_ADMIN_SECRET ?? 'dev-admin-secret';
const handler = createVoiceHandler({
  daily,
  launcher,
  webhookSecret,
  adminSecret,
  logger: createConsoleLogger([daily.apiKey, env.PIPECAT_API_KEY, webhookSecret, adminSecret]),
});

const server = createServer(toNodeListener(handler));
server.listen(port, '127.0.0.1', () => {
  console.log(`[devServer] voice backend on http://127.0.0.1:${port}/api/voice`);
  if (!env.PARLEY_WEBHOOK_SECRET) console.log('[devServer] webhook secret: dev-webhook-secret');
  if (!env.PARLEY_ADMIN_SECRET) console.log('[devServer] admin secret: dev-admin-secret');
});

installShutdownHandlers(
  {
    async shutdown() {
      const ended = await handler.shutdown();
      console.log(`[devServer] ended ${ended} session(s)`);
      server.closeAllConnections();
      server.close();
      await Promise.all(closers.map((c) => c()));
    },
  },
  {},
);
