/**
 * (b) Instructions per message, counted by `valgrind --tool=callgrind` (when it is on the
 * PATH). One process per peer (both at once) runs `callgrindChild.ts`: a long warm-up on
 * (a)'s stream, then blocks of `block` messages, each after a forced full GC. At each block's
 * start and end the child pauses and this side dumps callgrind's counters with
 * `callgrind_control -d`, so each block's dump counts exactly that block in the same,
 * already-warm process (under `--single-threaded`: no compiler or GC thread's work lands in
 * it by chance). The figure is
 * instructions per message block by block; the cheapest is the GC-free steady state.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface CallgrindPlan {
  /** Length of the conversation stream, as in (a). */
  stream: number;
  /** Messages per task, as in (a). */
  burst: number;
  /** Messages delivered before the first counted block. */
  warm: number;
  /** Messages per counted block. */
  block: number;
  blocks: number;
}

export interface CallgrindResult {
  available: boolean;
  plan: CallgrindPlan;
  /**
   * Instructions per message, block by block (in order), by peer; null when the run failed.
   * The cheapest block is the steady state without a major GC; a block that held one (or a
   * late optimisation) comes out up to 3× it, and the mean counts those in.
   */
  perMessage: Record<'parley' | 'pipecat', number[] | null>;
  failures: string[];
}

const CHILD = fileURLToPath(new URL('./callgrindChild.ts', import.meta.url));

/** The instruction count callgrind wrote in each dump file, in dump order. */
function dumpTotals(dir: string): number[] {
  return readdirSync(dir)
    .map((f) => /\.(\d+)$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => Number(a[1]) - Number(b[1]))
    .map((m) => {
      const text = readFileSync(join(dir, m.input), 'utf8');
      return Number(/^totals:\s*(\d+)/m.exec(text)?.[1] ?? Number.NaN);
    });
}

/** Runs one peer; resolves to its per-block instruction counts, or why it failed. */
function blocks(peer: string, plan: CallgrindPlan): Promise<number[] | string> {
  const dir = mkdtempSync(join(tmpdir(), `parley-callgrind-${peer}-`));
  return new Promise((resolve) => {
    const child = spawn(
      'valgrind',
      [
        '--tool=callgrind',
        `--callgrind-out-file=${join(dir, 'cg')}`,
        process.execPath,
        // No concurrent compiler or GC threads: their work lands in whichever block it
        // happens to overlap, and under callgrind every thread's instructions count.
        '--single-threaded',
        // Heap growth and GC timing by allocation alone, not by the (valgrind-slowed) clock.
        '--predictable-gc-schedule',
        '--expose-gc',
        '--conditions=@parley/source',
        '--import',
        'tsx',
        CHILD,
        peer,
        ...[plan.stream, plan.burst, plan.warm, plan.block, plan.blocks].map(String),
      ],
      { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    let failure: string | null = null;
    // At each mark: dump the counters (synchronously: the child waits for our reply), go on.
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line !== 'mark' || child.pid === undefined) return;
      const dump = spawnSync('callgrind_control', ['-d', String(child.pid)], { encoding: 'utf8' });
      if (dump.status !== 0) failure ??= `callgrind_control failed: ${dump.stdout}${dump.stderr}`;
      child.stdin.write('go\n');
    });
    child.on('close', (code) => {
      // Dump 1 is start-up and warm-up; then a block, a forced GC, a block, …, a block (the
      // exit's dump has no number).
      const totals = dumpTotals(dir)
        .slice(1)
        .filter((_, i) => i % 2 === 0);
      rmSync(dir, { recursive: true, force: true });
      if (code !== 0 || failure !== null || totals.length !== plan.blocks)
        resolve(failure ?? `${peer} exited ${code}: ${err.slice(-300)}`);
      else resolve(totals);
    });
  });
}

export async function benchCallgrind(plan: CallgrindPlan): Promise<CallgrindResult> {
  const probe = spawnSync('valgrind', ['--version'], { encoding: 'utf8' });
  const perMessage: CallgrindResult['perMessage'] = { parley: null, pipecat: null };
  if (probe.status !== 0) return { available: false, plan, perMessage, failures: [] };
  const failures: string[] = [];
  const peers = ['parley', 'pipecat'] as const;
  const runs = await Promise.all(peers.map((peer) => blocks(peer, plan)));
  peers.forEach((peer, i) => {
    const run = runs[i];
    if (typeof run === 'string' || run === undefined) failures.push(run ?? `${peer}: no run`);
    else perMessage[peer] = run.map((n) => n / plan.block);
  });
  return { available: true, plan, perMessage, failures };
}
