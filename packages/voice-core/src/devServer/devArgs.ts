import { parseArgs } from 'node:util';
import * as v from 'valibot';
import type { DevVendorsOptions } from './devVendors';

export const DEFAULT_DAILY_PORT = 8788;
export const DEFAULT_PIPECAT_PORT = 8789;

export const USAGE = `Usage: parley-dev [--daily-port N] [--pipecat-port N]

Starts Parley's fake Daily REST API and fake Pipecat Cloud on 127.0.0.1 and prints, on
stdout, the variables your app's server reads to use them (no keys, no network):

  PARLEY_FAKE_DAILY_URL=http://127.0.0.1:${DEFAULT_DAILY_PORT}
  PARLEY_FAKE_PIPECAT_URL=http://127.0.0.1:${DEFAULT_PIPECAT_PORT}

  --daily-port N     the fake Daily's port (env PARLEY_DEV_DAILY_PORT, default ${DEFAULT_DAILY_PORT}; 0: any free one)
  --pipecat-port N   the fake Pipecat's port (env PARLEY_DEV_PIPECAT_PORT, default ${DEFAULT_PIPECAT_PORT})
  --help             this text

Stops on Ctrl-C (SIGINT) or SIGTERM.`;

/** A flag or variable `parley-dev` cannot use; `message` says which and why. */
export class DevArgsError extends Error {
  override readonly name = 'DevArgsError';
  readonly code = 'bad-option' as const;
}

const Port = v.pipe(
  v.string(),
  v.regex(/^\d{1,5}$/, 'a port is a whole number'),
  v.transform(Number),
  v.maxValue(65_535, 'a port is at most 65535'),
);

function port(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = v.safeParse(Port, value);
  if (parsed.success) return parsed.output;
  throw new DevArgsError(`${name} ${JSON.stringify(value)}: ${parsed.issues[0].message}.`);
}

/**
 * `parley-dev`'s flags, then its environment, then the defaults. `null` means `--help`.
 * Throws a {@link DevArgsError} on an unknown flag or a bad port.
 */
export function parseDevArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): DevVendorsOptions | null {
  let values: { 'daily-port'?: string; 'pipecat-port'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        'daily-port': { type: 'string' },
        'pipecat-port': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (cause) {
    throw new DevArgsError(`${(cause as Error).message}\n\n${USAGE}`, { cause });
  }
  if (values.help) return null;
  return {
    dailyPort: port(
      values['daily-port'] ?? env.PARLEY_DEV_DAILY_PORT,
      values['daily-port'] === undefined ? 'PARLEY_DEV_DAILY_PORT' : '--daily-port',
      DEFAULT_DAILY_PORT,
    ),
    pipecatPort: port(
      values['pipecat-port'] ?? env.PARLEY_DEV_PIPECAT_PORT,
      values['pipecat-port'] === undefined ? 'PARLEY_DEV_PIPECAT_PORT' : '--pipecat-port',
      DEFAULT_PIPECAT_PORT,
    ),
  };
}
