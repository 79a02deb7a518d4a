import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** `npx parley-dev` running in an installed app, and what it printed. */
export interface ParleyDevRun {
  /** The variables it printed on stdout (`PARLEY_FAKE_DAILY_URL`, `PARLEY_FAKE_PIPECAT_URL`). */
  env: Record<string, string>;
  /** SIGTERM, then its exit line ("stopped (SIGTERM). Daily: …; Pipecat: …"). Rejects on a non-zero exit. */
  stop(): Promise<string>;
}

/**
 * Starts the `parley-dev` bin of the installed `@parley/voice-core` tarball in `cwd` on the
 * given loopback ports, and resolves once it printed its env. Bounded: it must print within
 * 20 s and stop within 10 s of SIGTERM, or it is killed and this fails.
 */
export function startParleyDev(
  cwd: string,
  [dailyPort, pipecatPort]: number[],
): Promise<ParleyDevRun> {
  // The link npm made from the package's "bin" (what `npx parley-dev` runs), not an `npx`
  // wrapper, so SIGTERM reaches parley-dev itself.
  const child = spawn(
    join(cwd, 'node_modules', '.bin', 'parley-dev'),
    ['--daily-port', String(dailyPort), '--pipecat-port', String(pipecatPort)],
    { cwd, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const stop = async (): Promise<string> => {
    const bound = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.kill('SIGTERM');
    const code = await exited;
    clearTimeout(bound);
    if (code !== 0) throw new Error(`parley-dev exited with ${code}:\n${stderr}`);
    return (
      stderr
        .trim()
        .split('\n')
        .at(-1)
        ?.replace(/^\[parley-dev\] /, '') ?? ''
    );
  };
  return new Promise((resolve, reject) => {
    const bound = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`parley-dev printed no env within 20 s:\n${stderr}`));
    }, 20_000);
    const check = () => {
      const lines = stdout.split('\n').filter(Boolean);
      if (lines.length < 2) return;
      clearTimeout(bound);
      resolve({
        env: Object.fromEntries(lines.map((l) => l.split('=', 2) as [string, string])),
        stop,
      });
    };
    child.stdout.on('data', check);
    void exited.then((code) => {
      clearTimeout(bound);
      reject(new Error(`parley-dev exited with ${code} before printing its env:\n${stderr}`));
    });
  });
}
