#!/usr/bin/env node
/**
 * `npx parley-dev`: Parley's fake vendors for local development, from the package itself.
 * The variables go to stdout (one `NAME=value` a line, ready for an `.env` file); everything
 * else to stderr. A Node program, not library code: it lives outside `src/`, which no browser
 * bundle may reach into the environment from (the library's logic is `src/devServer/`).
 */
import { DevArgsError, parseDevArgs, USAGE } from '../src/devServer/devArgs';
import { DevVendorsError, startDevVendors } from '../src/devServer/devVendors';

async function main(): Promise<number> {
  let options: ReturnType<typeof parseDevArgs>;
  try {
    options = parseDevArgs(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof DevArgsError)) throw error;
    console.error(`parley-dev: ${error.message}`);
    return 2;
  }
  if (!options) {
    console.log(USAGE);
    return 0;
  }
  // Listening before anything is printed: whoever reads the env may stop us at once.
  const signal = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  let vendors: Awaited<ReturnType<typeof startDevVendors>>;
  try {
    vendors = await startDevVendors(options);
  } catch (error) {
    if (!(error instanceof DevVendorsError)) throw error;
    console.error(`parley-dev: ${error.message}`);
    return 1;
  }
  for (const [name, value] of Object.entries(vendors.env)) console.log(`${name}=${value}`);
  console.error(
    `[parley-dev] fake Daily REST API at ${vendors.daily.url}, fake Pipecat Cloud at ` +
      `${vendors.pipecat.url}; they accept the keys fake-daily-key and fake-pipecat-key, and ` +
      'call no real vendor. ' +
      "Browsers cannot join the fake Daily's rooms: for a whole conversation in the page, use " +
      'the mock room (@parley/voice-core/testing). Ctrl-C stops.',
  );
  const stoppedBy = await signal;
  await vendors.close();
  console.error(`[parley-dev] stopped (${stoppedBy}). ${vendors.summary()}`);
  return 0;
}

process.exitCode = await main();
