/**
 * Size budget: the initial JS of an app importing `VoiceSessionProvider`, `AssistantButton`
 * and `useVoiceSession` (minified + gzip, react/react-dom external) must stay ≤ 20 KiB, and
 * daily-js, daily-react and Rive must not be in it (they load on start intent / avatar mount).
 * Bundles with esbuild (code splitting, so `import()` targets become separate chunks), prints
 * the figures and exits non-zero over budget.
 *
 *   pnpm --filter @parley/voice-react size
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';

const BUDGET = 20 * 1024;
const HEAVY = [/@daily-co[/+]daily-js/, /@daily-co[/+]daily-react/, /@rive-app/];
const pkgDir = fileURLToPath(new URL('..', import.meta.url));

interface Scenario {
  name: string;
  code: string;
  budget?: number;
}

const scenarios: Scenario[] = [
  {
    name: 'provider + button + useVoiceSession',
    code: `import { VoiceSessionProvider, AssistantButton, useVoiceSession } from '@parley/voice-react';
export { VoiceSessionProvider, AssistantButton, useVoiceSession };`,
    budget: BUDGET,
  },
  {
    name: '+ BotAudio',
    code: `import { VoiceSessionProvider, AssistantButton, useVoiceSession, BotAudio } from '@parley/voice-react';
export { VoiceSessionProvider, AssistantButton, useVoiceSession, BotAudio };`,
  },
  // Each new component on its own: what adding it to an app costs (it is a separate import,
  // tree-shaken out of the budgeted line above when unused).
  ...[
    'Transcript',
    'VoiceVisualizer',
    'MuteToggle',
    'VoiceStatus',
    'DevicePicker',
    'VoiceAssistant',
  ].map((component) => ({
    name: `${component} alone`,
    code: `export { ${component} } from '@parley/voice-react';`,
  })),
  {
    name: 'RiveAvatar (/rive)',
    code: `export { RiveAvatar } from '@parley/voice-react/rive';`,
  },
];

async function measure(s: Scenario) {
  const outdir = mkdtempSync(join(tmpdir(), 'parley-size-'));
  try {
    const result = await build({
      stdin: { contents: s.code, resolveDir: pkgDir, loader: 'ts' },
      bundle: true,
      splitting: true,
      format: 'esm',
      minify: true,
      write: false,
      metafile: true,
      outdir,
      platform: 'browser',
      target: 'es2022',
      conditions: ['@parley/source'],
      external: ['react', 'react-dom', 'react/*', 'react-dom/*'],
      define: { 'process.env.NODE_ENV': '"production"' },
      logLevel: 'error',
    });
    const meta = result.metafile as Metafile;
    const entryName = Object.keys(meta.outputs).find((o) => meta.outputs[o]?.entryPoint);
    if (!entryName) throw new Error('no entry chunk');
    // Initial JS = the entry chunk and every chunk it imports statically (not `import()`).
    const initial = new Set<string>();
    const walk = (name: string) => {
      if (initial.has(name)) return;
      initial.add(name);
      for (const imp of meta.outputs[name]?.imports ?? [])
        if (imp.kind === 'import-statement' && !imp.external) walk(imp.path);
    };
    walk(entryName);
    const files = new Map(result.outputFiles.map((f) => [relative(process.cwd(), f.path), f]));
    let min = 0;
    let gz = 0;
    const heavyInInitial: string[] = [];
    for (const name of initial) {
      const file = files.get(name);
      if (!file) continue;
      min += file.contents.byteLength;
      gz += gzipSync(file.contents, { level: 9 }).byteLength;
      for (const input of Object.keys(meta.outputs[name]?.inputs ?? {}))
        if (HEAVY.some((re) => re.test(input))) heavyInInitial.push(input);
    }
    let lazyGz = 0;
    for (const [name, file] of files)
      if (!initial.has(name) && name.endsWith('.js'))
        lazyGz += gzipSync(file.contents, { level: 9 }).byteLength;
    return { min, gz, lazyGz, lazyChunks: files.size - initial.size, heavyInInitial };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const kib = (n: number) => `${(n / 1024).toFixed(2)} KiB`;
let failed = false;
console.log('initial JS (react/react-dom external), minified + gzip -9:');
for (const s of scenarios) {
  const r = await measure(s);
  const over = s.budget !== undefined && r.gz > s.budget;
  const heavy = r.heavyInInitial.length > 0 && !s.name.includes('/rive');
  failed ||= over || heavy;
  console.log(
    `  ${s.name.padEnd(40)} ${kib(r.gz).padStart(10)} gz  (${kib(r.min)} min)` +
      `  lazy: ${r.lazyChunks} chunk(s), ${kib(r.lazyGz)} gz` +
      (s.budget ? `  budget ${kib(s.budget)}${over ? '  OVER' : '  ok'}` : ''),
  );
  if (heavy) console.log(`    heavy modules in the initial chunk: ${r.heavyInInitial.join(', ')}`);
}
const css = readFileSync(join(pkgDir, 'src/styles.css'));
console.log(
  `  ${'styles.css'.padEnd(40)} ${kib(gzipSync(css, { level: 9 }).byteLength).padStart(10)} gz  (${kib(css.byteLength)} raw)`,
);
if (failed) {
  console.error('size check failed');
  process.exit(1);
}
