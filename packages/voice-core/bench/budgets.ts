/**
 * The 60 Hz render budget and the size budget live in `@parley/voice-react` (a React test
 * with Profiler counts, and `pnpm size`); the bench runs both in child processes and prints
 * their own figures, as they print them.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface BudgetResult {
  name: string;
  ok: boolean;
  /** The child's figure lines, as printed. */
  lines: string[];
}

const REACT_DIR = fileURLToPath(new URL('../../voice-react', import.meta.url));

/** Runs `command` in `@parley/voice-react`'s folder; its exit code and everything it printed. */
export function runInReact(
  command: string,
  args: string[],
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: REACT_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('close', (code) => resolve({ code, out }));
  });
}

// vitest colours its output; the figures are read without the escapes.
const ESCAPES = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
export const plain = (s: string): string => s.replace(ESCAPES, '');

export async function benchBudgets(): Promise<BudgetResult[]> {
  const render = await runInReact('pnpm', ['exec', 'vitest', 'run', 'src/renderBudget.test.tsx']);
  const size = await runInReact('pnpm', ['run', '--silent', 'size']);
  const renderLines = plain(render.out)
    .split('\n')
    .filter((l) => l.includes('[render budget]') || /Tests\s+\d/.test(l))
    .map((l) => l.trim());
  const sizeLines = plain(size.out)
    .split('\n')
    .filter((l) => /KiB|budget/.test(l))
    .map((l) => l.trimEnd());
  return [
    {
      name: 'render budget (src/renderBudget.test.tsx)',
      ok: render.code === 0,
      lines: renderLines,
    },
    { name: 'size budget (pnpm size)', ok: size.code === 0, lines: sizeLines },
  ];
}
