/**
 * The READMEs' TypeScript, type-checked as a product team would paste it: every ```ts and
 * ```tsx block of the three READMEs (and the `@example` of `createMockBackend`) becomes a
 * module in a folder inside an app where the packed tarballs are installed, and `tsc` checks
 * them strict with `exactOptionalPropertyTypes`. A block an edit made wrong fails here.
 *
 * What a snippet leaves to the reader's app (their `getSession`, a `toast`) is declared in
 * `SHIMS`. A block that is a fragment on purpose is skipped: one that elides code with
 * `/* … *\/`, or one with `<!-- readme-check: skip -->` on the line before its fence.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const READMES = ['README.md', 'packages/voice-core/README.md', 'packages/voice-react/README.md'];

/** TSDoc `@example`s checked too, each with the imports its file has in scope. */
const EXAMPLES: Array<{ file: string; symbol: string; prelude: string }> = [
  {
    file: 'packages/voice-core/src/testing/mockBackend.ts',
    symbol: 'createMockBackend',
    prelude:
      "import { createVoiceSession } from '@parley/voice-core';\n" +
      "import { createMockBackend, createMockRoom } from '@parley/voice-core/testing';\n",
  },
];

/** What the snippets take from the reader's own app (and its test runner), ambient. */
const SHIMS = `
/** The app's own auth. */
declare function getSession(request: Request): Promise<{ userId: string } | null>;
declare function meter(level: number): void;
declare function toast(text: string): void;
/** The handler options the app already has. */
declare const options: import('@parley/voice-core/server').VoiceHandlerOptions;
/** The room of the app's own multi-user DailyCall. */
declare const roomUrl: string;
declare module '@/legacy/vapi' {
  import type { ReactNode } from 'react';
  export function SpeechProvider(props: { assistantId: string; children: ReactNode }): ReactNode;
}
/** vitest is not installed in the example app: the part of its config API the README uses. */
declare module 'vitest/config' {
  export function defineConfig(config: {
    test?: { environment?: string; setupFiles?: string[] };
  }): unknown;
}
`;

/** `/* … *\/`: the snippet leaves code out, so it is a fragment, not a program. */
const ELISION = /\/\*\s*(…|\.\.\.)\s*\*\//;

export interface Block {
  source: string;
  line: number;
  lang: 'ts' | 'tsx';
  code: string;
}

/** The ```ts / ```tsx blocks of a Markdown text (indented ones too), with their first line. */
export function markdownBlocks(source: string, text: string): Block[] & { skipped?: number } {
  const lines = text.split('\n');
  const blocks: Block[] & { skipped?: number } = [];
  blocks.skipped = 0;
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(tsx?)\s*$/.exec(lines[i] ?? '');
    if (!open) continue;
    const indent = open[1] ?? '';
    const marked = /<!--\s*readme-check:\s*skip/.test(lines[i - 1] ?? '');
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !/^\s*```\s*$/.test(lines[j] ?? ''); j++)
      body.push(
        (lines[j] ?? '').startsWith(indent)
          ? (lines[j] ?? '').slice(indent.length)
          : (lines[j] ?? ''),
      );
    const code = body.join('\n');
    if (!marked && !ELISION.test(code))
      blocks.push({ source, line: i + 1, lang: open[2] as 'ts' | 'tsx', code });
    else blocks.skipped += 1;
    i = j;
  }
  return blocks;
}

/** The `@example` right above `export function <symbol>` in a TypeScript file. */
export function tsdocExample(source: string, text: string, symbol: string): Block {
  const at = text.search(new RegExp(`export (async )?function ${symbol}\\b`));
  const doc = text.slice(text.lastIndexOf('/**', at), at);
  const example = doc.split('@example')[1];
  if (!example) throw new Error(`${source}: no @example on ${symbol}`);
  const code = example
    .split('\n')
    .map((l) => l.replace(/^\s*\*\/?\s?/, ''))
    .join('\n')
    .trim();
  return {
    source: `${source} (${symbol})`,
    line: text.slice(0, at).split('\n').length,
    lang: 'ts',
    code,
  };
}

/**
 * Writes every block as its own module under `<app>/readme-check/` and type-checks them with
 * the repository's TypeScript. Throws with tsc's output, each error pointing at its README line.
 */
export function checkReadmes(repo: string, app: string): string {
  const dir = join(app, 'readme-check');
  mkdirSync(dir, { recursive: true });
  const fromReadmes = READMES.map((f) => markdownBlocks(f, readFileSync(join(repo, f), 'utf8')));
  const skipped = fromReadmes.reduce((n, b) => n + (b.skipped ?? 0), 0);
  const blocks = [
    ...fromReadmes.flat(),
    ...EXAMPLES.map((e) => {
      const block = tsdocExample(e.file, readFileSync(join(repo, e.file), 'utf8'), e.symbol);
      return { ...block, code: `${e.prelude}${block.code}` };
    }),
  ];
  const names = blocks.map((b, n) => {
    const name = `block${n}.${b.lang}`;
    writeFileSync(join(dir, name), `// ${b.source}:${b.line}\n${b.code}\nexport {};\n`);
    return name;
  });
  writeFileSync(join(dir, 'shims.d.ts'), SHIMS);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2023', 'DOM', 'DOM.Iterable'],
        module: 'ESNext',
        moduleResolution: 'bundler',
        jsx: 'react-jsx',
        strict: true,
        exactOptionalPropertyTypes: true,
        noEmit: true,
        skipLibCheck: true,
        types: ['node', 'vite/client'],
      },
      files: ['shims.d.ts', ...names],
    }),
  );
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
  } catch (error) {
    const out = String((error as { stdout?: string }).stdout ?? error);
    // block3.tsx(5,7) → README.md:120
    const mapped = out.replace(/\S*block(\d+)\.tsx?\((\d+),(\d+)\)/g, (_m, n, l) => {
      const b = blocks[Number(n)];
      return b ? `${b.source}:${b.line + Number(l) - 1}` : _m;
    });
    throw new Error(`README code does not type-check:\n${mapped}`);
  }
  return (
    `README check: ${blocks.length - EXAMPLES.length} TypeScript blocks of ${READMES.length} READMEs ` +
    `(${skipped} fragments skipped) and ${EXAMPLES.length} @example type-check against the ` +
    'packed packages (strict, exactOptionalPropertyTypes)'
  );
}
