/** What `installShutdownHandlers` needs: anything with a graceful `shutdown()`. */
export interface Shutdownable {
  shutdown(): Promise<unknown>;
}

export interface ShutdownOptions {
  signals?: readonly NodeJS.Signals[];
  /** Called after every session ended (default: `process.exit(0)`; 1 on failure). */
  exit?: (code: number) => void;
  /** Give up waiting for vendors after this long, ms (default 10000). */
  timeoutMs?: number;
}

/**
 * Ends every session (rooms deleted, bots told) on SIGTERM/SIGINT before the process exits,
 * so a deploy or Ctrl-C never leaves a paid container running. Returns the uninstall.
 */
export function installShutdownHandlers(
  handler: Shutdownable,
  options: ShutdownOptions = {},
): () => void {
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let started = false;
  const onSignal = () => {
    if (started) return;
    started = true;
    const timeout = new Promise<never>((_, reject) => {
      const t = setTimeout(() => reject(new Error('timeout')), options.timeoutMs ?? 10_000);
      t.unref?.();
    });
    Promise.race([handler.shutdown(), timeout]).then(
      () => exit(0),
      () => exit(1),
    );
  };
  for (const s of signals) process.on(s, onSignal);
  return () => {
    for (const s of signals) process.off(s, onSignal);
  };
}
