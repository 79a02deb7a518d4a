/**
 * (b) Instructions per message, counted by `valgrind --tool=callgrind` (when it is on the
 * PATH): each peer runs `callgrindChild.ts` twice — warm-up only, and warm-up plus `measure`
 * messages — and the difference is divided by `measure`. Both pairs run at once.
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface CallgrindResult {
  available: boolean;
  measure: number;
  /** Instructions per message, by peer; null when a run failed. */
  perMessage: Record<'parley' | 'pipecat', number | null>;
  failures: string[];
}

const CHILD = fileURLToPath(new URL('./callgrindChild.ts', import.meta.url));

function instructions(peer: string, warm: number, measure: number): Promise<number | string> {
  return new Promise((resolve) => {
    const child = spawn(
      'valgrind',
      [
        '--tool=callgrind',
        '--callgrind-out-file=/dev/null',
        process.execPath,
        '--conditions=@parley/source',
        '--import',
        'tsx',
        CHILD,
        peer,
        String(warm),
        String(measure),
      ],
      { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('close', (code) => {
      const m = /Collected\s*:\s*(\d+)/.exec(err);
      resolve(code === 0 && m ? Number(m[1]) : `${peer} exited ${code}: ${err.slice(-300)}`);
    });
  });
}

export async function benchCallgrind(warm: number, measure: number): Promise<CallgrindResult> {
  const probe = spawnSync('valgrind', ['--version'], { encoding: 'utf8' });
  const perMessage: CallgrindResult['perMessage'] = { parley: null, pipecat: null };
  if (probe.status !== 0) return { available: false, measure, perMessage, failures: [] };
  const failures: string[] = [];
  const peers = ['parley', 'pipecat'] as const;
  const runs = await Promise.all(
    peers.flatMap((peer) => [instructions(peer, warm, 0), instructions(peer, warm, measure)]),
  );
  peers.forEach((peer, i) => {
    const [base, full] = [runs[2 * i], runs[2 * i + 1]];
    if (typeof base === 'number' && typeof full === 'number')
      perMessage[peer] = (full - base) / measure;
    else for (const r of [base, full]) if (typeof r === 'string') failures.push(r);
  });
  return { available: true, measure, perMessage, failures };
}
