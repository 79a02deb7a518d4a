import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importGraph, src } from '../../test/importGraph';

const OTEL = /from\s+['"]@opentelemetry\//;
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    if (d.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(d.name) && !/\.test\.tsx?$/.test(d.name) ? [p] : [];
  });
}

describe('@opentelemetry/api stays on the server', () => {
  it('only files under src/server import it, and the metrics module is one of them', () => {
    const importers = sourceFiles(src)
      .filter((f) => OTEL.test(readFileSync(f, 'utf8')))
      .map((f) => relative(src, f));
    expect(importers).toContain('server/voiceMetrics.ts');
    expect(importers.filter((f) => !f.startsWith('server/'))).toEqual([]);
  });

  it.each(['index.ts', 'protocol.ts', 'ui/index.ts', 'testing/index.ts'])(
    '%s reaches no file that imports it',
    (entry) => {
      const reached = [...importGraph(join(src, entry))].filter((f) =>
        OTEL.test(readFileSync(f, 'utf8')),
      );
      expect(reached.map((f) => relative(src, f))).toEqual([]);
    },
  );

  it('the server entry does reach it (self-check of the graph)', () => {
    const reached = [...importGraph(join(src, 'server/index.ts'))].filter((f) =>
      OTEL.test(readFileSync(f, 'utf8')),
    );
    expect(reached.map((f) => relative(src, f))).toContain('server/voiceMetrics.ts');
  });
});
