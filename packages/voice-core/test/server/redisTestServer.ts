/**
 * Test-only: a real `redis-server` (the Debian package) on a free 127.0.0.1 port, in a
 * temporary directory, with no persistence unless a restart asks for it. Imported by
 * `*.test.ts` only; not part of the public API.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REDIS_SERVER_PATH = process.env.PARLEY_REDIS_SERVER ?? '/usr/bin/redis-server';
const BOOT_TIMEOUT_MS = 5000;
const EXIT_TIMEOUT_MS = 5000;

export interface RedisTestServer {
  url: string;
  port: number;
  /**
   * Stops the server. With `save`, it writes its dataset first (`SHUTDOWN SAVE`) and the next
   * `start()` loads it back: a restart of a Redis with persistence.
   */
  stop(options?: { save?: boolean }): Promise<void>;
  /** Starts it again on the same port and directory. */
  start(): Promise<void>;
  /** Stops it and removes its directory. */
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** One inline command over a fresh socket; resolves to the first reply line. */
export function rawCommand(port: number, line: string, timeoutMs = 1000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    const done = (error?: Error) => {
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(data.split('\r\n')[0] ?? '');
    };
    const timer = setTimeout(() => done(new Error('redis did not answer')), timeoutMs);
    socket.once('error', (error) => done(error));
    socket.on('data', (chunk) => {
      data += chunk.toString('utf8');
      if (data.includes('\r\n')) done();
    });
    // SHUTDOWN answers by closing the connection.
    socket.once('close', () => done());
    socket.once('connect', () => socket.write(`${line}\r\n`));
  });
}

function exited(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Starts `redis-server` on a free loopback port and waits until it answers `PING`.
 * Fails (never skips) when the binary is missing: the Redis store's tests must run.
 */
export async function startRedisServer(): Promise<RedisTestServer> {
  if (!existsSync(REDIS_SERVER_PATH)) {
    throw new Error(
      `redis-server not found at ${REDIS_SERVER_PATH}: run scripts/setup.sh (it installs the ` +
        'Debian redis-server package), or set PARLEY_REDIS_SERVER to its path.',
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'parley-redis-'));
  let port = await freePort();
  let child: ChildProcess | undefined;
  const killOnExit = () => child?.kill('SIGKILL');
  process.once('exit', killOnExit);

  async function boot(): Promise<void> {
    const args = [
      ...['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      ...['--dir', dir, '--dbfilename', 'dump.rdb', '--daemonize', 'no', '--loglevel', 'warning'],
    ];
    const proc = spawn(REDIS_SERVER_PATH, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let output = '';
    const collect = (c: Buffer) => {
      output += c.toString();
    };
    proc.stdout?.on('data', collect);
    proc.stderr?.on('data', collect);
    const deadline = Date.now() + BOOT_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (proc.exitCode !== null) throw new Error(`redis-server exited: ${output.trim()}`);
      const reply = await rawCommand(port, 'PING', 200).catch(() => '');
      if (reply === '+PONG') return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    proc.kill('SIGKILL');
    await exited(proc, EXIT_TIMEOUT_MS);
    throw new Error(`redis-server did not answer PING within ${BOOT_TIMEOUT_MS} ms: ${output}`);
  }

  // Another process may take the free port between the probe and the bind: try a few.
  for (let attempt = 0; ; attempt++) {
    try {
      await boot();
      break;
    } catch (error) {
      if (attempt >= 2) {
        process.off('exit', killOnExit);
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
      port = await freePort();
    }
  }

  async function stop(options: { save?: boolean } = {}) {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    if (options.save) await rawCommand(port, 'SHUTDOWN SAVE').catch(() => '');
    else proc.kill('SIGTERM');
    await exited(proc, EXIT_TIMEOUT_MS);
  }

  return {
    get url() {
      return `redis://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    stop,
    start: boot,
    async close() {
      await stop();
      process.off('exit', killOnExit);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
