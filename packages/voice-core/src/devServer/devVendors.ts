import { type FakeDaily, startFakeDaily } from '../server/fakes/fakeDaily';
import { type FakePipecat, startFakePipecat } from '../server/fakes/fakePipecat';

/** Where `parley-dev` listens, on 127.0.0.1. */
export interface DevVendorsOptions {
  /** The fake Daily REST API's port (0: a free one). */
  dailyPort: number;
  /** The fake Pipecat Cloud's port (0: a free one). */
  pipecatPort: number;
}

/** The fakes of `parley-dev`, running. */
export interface DevVendors {
  daily: FakeDaily;
  pipecat: FakePipecat;
  /**
   * What the app's server needs to reach them: the variables a route handler reads to point
   * `createVoiceHandler` at the fakes (`daily.baseUrl`, the launcher's `baseUrl`).
   */
  env: { PARLEY_FAKE_DAILY_URL: string; PARLEY_FAKE_PIPECAT_URL: string };
  /** What the fakes were asked to do so far, in one line. */
  summary(): string;
  /** Stops both; their ports are free once it resolves. */
  close(): Promise<void>;
}

/** A fake could not listen: the port is taken (or not ours to bind). */
export class DevVendorsError extends Error {
  override readonly name = 'DevVendorsError';
  readonly code = 'listen-failed' as const;
}

async function listen<T>(what: string, port: number, flag: string, start: () => Promise<T>) {
  try {
    return await start();
  } catch (cause) {
    const reason = (cause as { code?: string }).code === 'EADDRINUSE' ? 'is in use' : 'failed';
    throw new DevVendorsError(
      `The fake ${what} could not listen on 127.0.0.1:${port}: the port ${reason}. ` +
        `Pick another with ${flag}.`,
      { cause },
    );
  }
}

/**
 * Starts the fake Daily REST API and the fake Pipecat Cloud on fixed loopback ports, so an
 * app's `.env` can name them once. Either both run or neither (a taken port stops the first).
 *
 * @example
 * const vendors = await startDevVendors({ dailyPort: 8788, pipecatPort: 8789 });
 * vendors.env.PARLEY_FAKE_DAILY_URL; // 'http://127.0.0.1:8788'
 * await vendors.close();
 */
export async function startDevVendors(options: DevVendorsOptions): Promise<DevVendors> {
  const daily = await listen('Daily REST API', options.dailyPort, '--daily-port', () =>
    startFakeDaily({ port: options.dailyPort }),
  );
  let pipecat: FakePipecat;
  try {
    pipecat = await listen('Pipecat Cloud', options.pipecatPort, '--pipecat-port', () =>
      startFakePipecat({ port: options.pipecatPort }),
    );
  } catch (error) {
    await daily.close();
    throw error;
  }
  return {
    daily,
    pipecat,
    env: { PARLEY_FAKE_DAILY_URL: daily.url, PARLEY_FAKE_PIPECAT_URL: pipecat.url },
    summary: () =>
      `Daily: ${daily.rooms.size + daily.deleted.length} room(s) created, ` +
      `${daily.deleted.length} deleted, ${daily.tokens.length} token(s); ` +
      `Pipecat: ${pipecat.starts.length} start(s), ${pipecat.stops.length} stop(s)`,
    close: async () => {
      await Promise.all([daily.close(), pipecat.close()]);
    },
  };
}
