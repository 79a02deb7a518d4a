import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_DAILY_PORT, DEFAULT_PIPECAT_PORT, DevArgsError, parseDevArgs } from './devArgs';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const bin = fileURLToPath(new URL('../../bin/parleyDev.ts', import.meta.url));

/** Binds 127.0.0.1:`port` (0: a free one); the caller closes it. */
function bind(port = 0): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
const close = (server: Server) => new Promise<void>((r) => server.close(() => r()));
async function freePort(): Promise<number> {
  const server = await bind();
  const { port } = server.address() as { port: number };
  await close(server);
  return port;
}

/** A port is free when we can bind it ourselves. */
async function isFree(port: number): Promise<boolean> {
  try {
    await close(await bind(port));
    return true;
  } catch {
    return false;
  }
}

interface Run {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  /** Resolves with the exit code (or the signal that ended it); killed if still running after 15 s. */
  exited: Promise<number | NodeJS.Signals | null>;
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** `parley-dev` from source, as `node` runs the built bin (no vitest transforms). */
function runBin(args: string[], env: Record<string, string> = {}): Run {
  const child = spawn(
    process.execPath,
    ['--conditions=@parley/source', '--import', 'tsx', bin, ...args],
    {
      cwd: packageDir,
      env: { ...process.env, PARLEY_DEV_DAILY_PORT: '', PARLEY_DEV_PIPECAT_PORT: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  const stdout: string[] = [];
  const stderr: string[] = [];
  child.stdout?.setEncoding('utf8').on('data', (d: string) => stdout.push(d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => stderr.push(d));
  const bound = setTimeout(() => child.kill('SIGKILL'), 15_000);
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.once('exit', (code, signal) => {
      clearTimeout(bound);
      resolve(code ?? signal);
    }),
  );
  return { child, stdout, stderr, exited };
}

/** The `NAME=value` lines once the two are printed (or the process ended first). */
async function printedEnv(run: Run): Promise<Record<string, string>> {
  await new Promise<void>((resolve) => {
    const check = () => {
      if (run.stdout.join('').split('\n').filter(Boolean).length >= 2) resolve();
    };
    run.child.stdout?.on('data', check);
    run.child.once('exit', () => resolve());
    check();
  });
  return Object.fromEntries(
    run.stdout
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split('=', 2) as [string, string]),
  );
}

describe('parley-dev (the bin)', () => {
  it('serves both fakes on the given ports, prints their env, and frees the ports on SIGTERM', async () => {
    const [dailyPort, pipecatPort] = [await freePort(), await freePort()];
    // The Daily port from a flag, the Pipecat port from the environment.
    const run = runBin(['--daily-port', String(dailyPort)], {
      PARLEY_DEV_PIPECAT_PORT: String(pipecatPort),
    });
    const env = await printedEnv(run);
    expect(env).toEqual({
      PARLEY_FAKE_DAILY_URL: `http://127.0.0.1:${dailyPort}`,
      PARLEY_FAKE_PIPECAT_URL: `http://127.0.0.1:${pipecatPort}`,
    });

    const room = await fetch(`${env.PARLEY_FAKE_DAILY_URL}/v1/rooms`, {
      method: 'POST',
      headers: { authorization: 'Bearer fake-daily-key', 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'voice-dev', privacy: 'private' }),
    });
    expect(room.status).toBe(200);
    expect(await room.json()).toMatchObject({ name: 'voice-dev' });
    const refused = await fetch(`${env.PARLEY_FAKE_DAILY_URL}/v1/rooms`, { method: 'POST' });
    expect(refused.status).toBe(401);
    const start = await fetch(`${env.PARLEY_FAKE_PIPECAT_URL}/v1/public/dev-agent/start`, {
      method: 'POST',
      headers: { authorization: 'Bearer fake-pipecat-key', 'content-type': 'application/json' },
      body: JSON.stringify({ createDailyRoom: false, body: {} }),
    });
    expect(start.status).toBe(200);
    expect(await start.json()).toHaveProperty('sessionId');

    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    const log = run.stderr.join('');
    expect(log).toContain(`fake Daily REST API at http://127.0.0.1:${dailyPort}`);
    expect(log).toContain(
      '[parley-dev] stopped (SIGTERM). Daily: 1 room(s) created, 0 deleted, 0 token(s); ' +
        'Pipecat: 1 start(s), 0 stop(s)',
    );
    expect([await isFree(dailyPort), await isFree(pipecatPort)]).toEqual([true, true]);
  });

  it('stops on SIGINT (Ctrl-C) too', async () => {
    const run = runBin(['--daily-port', '0', '--pipecat-port', '0']);
    const env = await printedEnv(run);
    const port = Number(new URL(env.PARLEY_FAKE_DAILY_URL ?? '').port);
    expect(await isFree(port)).toBe(false);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(run.stderr.join('')).toContain('stopped (SIGINT)');
    expect(await isFree(port)).toBe(true);
  });

  it('a taken port: exit 1 with what to do, nothing printed on stdout, the other fake not left running', async () => {
    const taken = await bind();
    const takenPort = (taken.address() as { port: number }).port;
    const dailyPort = await freePort();
    try {
      const run = runBin(['--daily-port', String(dailyPort), '--pipecat-port', String(takenPort)]);
      expect(await run.exited).toBe(1);
      expect(run.stdout.join('')).toBe('');
      expect(run.stderr.join('')).toBe(
        `parley-dev: The fake Pipecat Cloud could not listen on 127.0.0.1:${takenPort}: ` +
          'the port is in use. Pick another with --pipecat-port.\n',
      );
      expect(await isFree(dailyPort)).toBe(true);
    } finally {
      await close(taken);
    }
  });

  it('a bad flag: exit 2 and the reason', async () => {
    const run = runBin(['--daily-port', 'http']);
    expect(await run.exited).toBe(2);
    expect(run.stderr.join('')).toBe(
      'parley-dev: --daily-port "http": a port is a whole number.\n',
    );
  });
});

describe('parseDevArgs', () => {
  it('flags, then the environment, then the defaults', () => {
    expect(parseDevArgs([], {})).toEqual({
      dailyPort: DEFAULT_DAILY_PORT,
      pipecatPort: DEFAULT_PIPECAT_PORT,
    });
    expect(
      parseDevArgs([], { PARLEY_DEV_DAILY_PORT: '9001', PARLEY_DEV_PIPECAT_PORT: '9002' }),
    ).toEqual({
      dailyPort: 9001,
      pipecatPort: 9002,
    });
    expect(parseDevArgs(['--daily-port', '7001'], { PARLEY_DEV_DAILY_PORT: '9001' })).toEqual({
      dailyPort: 7001,
      pipecatPort: DEFAULT_PIPECAT_PORT,
    });
    expect(parseDevArgs(['--help'], {})).toBeNull();
  });

  it('refuses what is not a port, with a typed error naming its source', () => {
    const cases: Array<[string[], Record<string, string>, string]> = [
      [['--daily-port=-1'], {}, '--daily-port "-1": a port is a whole number.'],
      [['--pipecat-port', '70000'], {}, '--pipecat-port "70000": a port is at most 65535.'],
      [
        [],
        { PARLEY_DEV_DAILY_PORT: '80.5' },
        'PARLEY_DEV_DAILY_PORT "80.5": a port is a whole number.',
      ],
    ];
    for (const [argv, env, message] of cases) {
      const error = (() => {
        try {
          parseDevArgs(argv, env);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(DevArgsError);
      expect(error).toMatchObject({ code: 'bad-option', message });
    }
    expect(() => parseDevArgs(['--port', '1'], {})).toThrow(/Unknown option '--port'/);
  });
});
