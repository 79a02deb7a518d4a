/**
 * `pnpm bench`: `@parley/voice-core` next to the official Pipecat client on the same mock
 * room — message throughput, instructions per message, connect latency, a start/stop soak —
 * plus the React render and size budgets, with real timers. Prints figures, never fails on
 * timing (machines are noisy: compare the ratios printed in one run). Exits non-zero only
 * on a correctness problem (the bridge's counts) or a crash.
 *
 * The soak needs `global.gc`: without `--expose-gc` this entry re-runs itself with it (same
 * node flags, same arguments) and exits with the child's code. Everything else is loaded
 * only in the process that runs the benchmarks.
 */
import { spawnSync } from 'node:child_process';

const CHILD_FLAG = 'PARLEY_BENCH_CHILD';

if (typeof globalThis.gc !== 'function' && process.env[CHILD_FLAG] !== '1') {
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, '--expose-gc', ...process.argv.slice(1)],
    { stdio: 'inherit', env: { ...process.env, [CHILD_FLAG]: '1' } },
  );
  if (child.error)
    console.error(`bench: could not re-run with --expose-gc: ${child.error.message}`);
  process.exit(child.status ?? 1);
} else {
  await import('./peerGlobals');
  const { main } = await import('./run');
  let code = 1;
  try {
    code = await main();
  } catch (error) {
    console.error('bench crashed:', error);
  }
  process.exit(code);
}
