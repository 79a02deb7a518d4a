import { createPipecatCloudLauncher } from '../../src/server/botLauncher';
import { type Harness, type HarnessOptions, startHarness } from './testHarness';
import { PIPECAT_KEY } from './wireHandler';

/** The private key the Pipecat Cloud launcher of {@link startHarnessWithCloudStops} holds. */
export const CLOUD_PRIVATE_KEY = 'fake-pipecat-private-key';

/**
 * The harness with a real Pipecat Cloud launcher on the fake Pipecat, holding the private key,
 * so every end stops the agent (`DELETE /v1/agents/{agent}/sessions/{id}`). The launcher is
 * built at each call: the fake's URL is known only once the harness has started.
 */
export async function startHarnessWithCloudStops(options: HarnessOptions = {}): Promise<Harness> {
  let base = '';
  const real = () =>
    createPipecatCloudLauncher({
      apiKey: PIPECAT_KEY,
      privateKey: CLOUD_PRIVATE_KEY,
      agentName: 'parley-agent',
      baseUrl: base,
      retry: { baseDelayMs: 1, maxDelayMs: 5, maxRetries: 2 },
    });
  const harness = await startHarness({
    ...options,
    handler: {
      ...options.handler,
      launcher: {
        kind: 'pipecat-cloud',
        canLeave: false,
        launch: (input) => real().launch(input),
        stop: (input) => (real().stop as NonNullable<ReturnType<typeof real>['stop']>)(input),
      },
    },
  });
  base = harness.pipecat.url;
  return harness;
}
