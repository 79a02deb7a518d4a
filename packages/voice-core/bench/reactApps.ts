/**
 * The live transcript in React, each SDK's own React layer on the same mock room and stream
 * (`@parley/voice-react`'s `bench/transcriptApps.run.tsx`, in happy-dom): Parley's
 * `VoiceSessionProvider` + `useTranscript()` next to Pipecat's `PipecatClientProvider` +
 * `usePipecatConversation()`. Run in a child process, its figure lines printed as they are.
 */
import { plain, runInReact } from './budgets';

export interface ReactAppsResult {
  ok: boolean;
  /** The child's figure lines, as printed. */
  lines: string[];
  /** Parley ÷ Pipecat (rate) medians, in the order printed. */
  ratios: Array<{ label: string; ratio: number }>;
}

const FIGURE =
  /^\[transcript apps\] (\d+) messages \((\d+) turns\), bursts of (\d+):.*median ([\d.]+)×/;

export async function benchReactApps(): Promise<ReactAppsResult> {
  const { code, out } = await runInReact('pnpm', [
    'exec',
    'vitest',
    'run',
    '--config',
    'vitest.bench.config.ts',
  ]);
  const text = plain(out);
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('[transcript apps]') || /Tests\s+\d/.test(l));
  const ratios = lines.flatMap((l) => {
    const m = FIGURE.exec(l);
    return m ? [{ label: `${m[1]} msgs, bursts of ${m[3]}`, ratio: Number(m[4]) }] : [];
  });
  // A failed run prints why: shown whole, not as figures.
  if (code !== 0) lines.push(...text.split('\n').filter((l) => /Error|expected|FAIL/.test(l)));
  return { ok: code === 0 && ratios.length > 0, lines, ratios };
}
