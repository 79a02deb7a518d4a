import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importGraph, SPECIFIER, src } from '../../test/importGraph';

const serverDir = join(src, 'server');
const ENTRIES = ['index.ts', 'protocol.ts', 'testing/index.ts'].map((e) => join(src, e));
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
