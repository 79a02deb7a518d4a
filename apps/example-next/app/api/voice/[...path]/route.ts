import { createPipecatCloudLauncher, createVoiceHandler } from '@parley/voice-core/server';

const env = process.env;

// With DAILY_API_KEY and PIPECAT_API_KEY + PIPECAT_AGENT_NAME (+ PIPECAT_PRIVATE_KEY, which
// stopping the agent takes) this is the real thing; without them it talks to Parley's fake
// vendors (PARLEY_FAKE_DAILY_URL, PARLEY_FAKE_PIPECAT_URL: `npx parley-dev` serves them).
const handler = createVoiceHandler({
  daily: env.DAILY_API_KEY
    ? { apiKey: env.DAILY_API_KEY }
    : { apiKey: 'fake-daily-key', baseUrl: env.PARLEY_FAKE_DAILY_URL },
  launcher: createPipecatCloudLauncher(
    env.PIPECAT_API_KEY && env.PIPECAT_AGENT_NAME
      ? {
          apiKey: env.PIPECAT_API_KEY,
          agentName: env.PIPECAT_AGENT_NAME,
          ...(env.PIPECAT_PRIVATE_KEY ? { privateKey: env.PIPECAT_PRIVATE_KEY } : {}),
        }
      : {
          apiKey: 'fake-pipecat-key',
          privateKey: 'fake-pipecat-private-key',
          agentName: 'example',
          baseUrl: env.PARLEY_FAKE_PIPECAT_URL,
        },
  ),
});

export { handler as GET, handler as POST, handler as DELETE };
