import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const serverDir = join(src, 'server');
const ENTRIES = ['index.ts', 'protocol.ts', 'testing/index.ts'].map((e) => join(src, e));
const EXTENSIONS = ['.ts', '.tsx', '/index.ts', '/index.tsx', ''];
// Static `import … from`, `export … from`, side-effect `import '…'`, and dynamic `import('…')`.
const SPECIFIER =
  /(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|import\s*['"]([^'"]+)['"]|import\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g;

function resolveImport(from: string, spec: string): string | undefined {
  if (spec.startsWith('@parley/voice-core/server')) return join(serverDir, 'index.ts');
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec.replace(/\.js$/, ''));
  for (const ext of EXTENSIONS) {
    const candidate = base + ext;
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

function importGraph(entry: string): Set<string> {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
      const target = resolveImport(file, m[1] ?? m[2] ?? m[3] ?? '');
      if (target) queue.push(target);
    }
  }
  return seen;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    if (d.isDirectory()) return p === serverDir ? [] : sourceFiles(p);
    return /\.tsx?$/.test(d.name) ? [p] : [];
  });
}

describe('browser boundary', () => {
  const entries = ENTRIES.filter((e) => existsSync(e));

  it.each(entries.map((e) => [relative(src, e), e]))('%s never reaches src/server', (_, entry) => {
    const reached = [...importGraph(entry)].filter((f) => f.startsWith(serverDir));
    expect(reached.map((f) => relative(src, f))).toEqual([]);
  });

  it('the resolver follows static, dynamic and re-export imports (self-check)', () => {
    const graph = importGraph(join(serverDir, 'index.ts'));
    expect(graph.has(join(serverDir, 'voiceHandler.ts'))).toBe(true);
    expect(graph.has(join(src, 'runtime/backend/backendProtocol.ts'))).toBe(true);
    const dynamic = "const m = await import('./x');";
    expect([...dynamic.matchAll(SPECIFIER)].map((m) => m[3])).toEqual(['./x']);
  });

  it('no file outside src/server names a vendor key or reads process.env', () => {
    const offenders = sourceFiles(src)
      .filter((f) => !f.endsWith('.test.ts') && !f.endsWith('.test.tsx'))
      .filter((f) => /DAILY_API_KEY|PIPECAT_API_KEY|process\.env/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(src, f));
    expect(offenders).toEqual([]);
  });
});
