/**
 * The layering the folders promise, checked on the source: imports run one way, and the seam
 * between first paint and start (the eager facade vs the lazily loaded `runtime/`) holds.
 * Type-only imports are free (they vanish from the build); value imports are what a bundle
 * carries, so they are what is checked. Import circles are `pnpm circles`' business.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = dirname(fileURLToPath(import.meta.url));
const STATEMENT =
  /(import|export)\s+(type\s+)?(\{[^}]*\}|\*(?:\s+as\s+\w+)?|\w+(?:\s*,\s*\{[^}]*\})?)\s*from\s*'([^']+)'/g;

interface Edge {
  from: string;
  to: string;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    if (d.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(d.name) && !/\.test\.tsx?$/.test(d.name) ? [p] : [];
  });
}

function edges(): Edge[] {
  return sourceFiles(src).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(STATEMENT)]
      .filter((m) => m[4]?.startsWith('.'))
      .map((m) => {
        const names = m[3] ?? '';
        const allTypes =
          names.startsWith('{') &&
          names
            .slice(1, -1)
            .split(',')
            .map((n) => n.trim())
            .filter(Boolean)
            .every((n) => n.startsWith('type '));
        const target = resolve(dirname(file), (m[4] ?? '').replace(/\.js$/, ''));
        return {
          from: relative(src, file),
          to: relative(src, target).replace(/\/index$/, '/index'),
          typeOnly: m[2] !== undefined || allTypes,
        };
      }),
  );
}

const layer = (path: string): string => (path.includes('/') ? path.split('/')[0]! : 'facade');
const values = edges().filter((e) => !e.typeOnly);
const show = (list: Edge[]) => list.map((e) => `${e.from} → ${e.to}`);

describe('layers', () => {
  it('sees the imports (self-check)', () => {
    expect(values.length).toBeGreaterThan(50);
    expect(values).toContainEqual({
      from: 'runtime/sessionRun.ts',
      to: 'runtime/endRun',
      typeOnly: false,
    });
    expect(edges()).toContainEqual({
      from: 'voiceSession.ts',
      to: 'runtime/sessionRun',
      typeOnly: true,
    });
  });

  it('the eager code never value-imports the lazy runtime (only runtimeLoader loads it)', () => {
    const eager = values.filter(
      (e) =>
        !e.from.startsWith('runtime/') &&
        // `/protocol` is an entry of its own for backend and bot authors: it is the runtime's wire half.
        e.from !== 'protocol.ts' &&
        // The mock room stands in for daily-js and the bot: it speaks the runtime's protocol.
        !e.from.startsWith('testing/') &&
        // The server validates the same wire protocol.
        !(e.from.startsWith('server/') && e.to === 'runtime/backend/backendProtocol') &&
        e.to.startsWith('runtime/'),
    );
    expect(show(eager)).toEqual([]);
    const loader = readFileSync(join(src, 'runtimeLoader.ts'), 'utf8');
    expect(loader).toContain("import('./runtime/index')");
  });

  it('nothing imports the facade class back (only the entry re-exports it)', () => {
    const back = values.filter((e) => e.to === 'voiceSession' && e.from !== 'index.ts');
    expect(show(back)).toEqual([]);
  });

  it('the base layers import no layer above them', () => {
    const base = new Set(['store', 'audio', 'tools', 'util', 'ui']);
    const above = new Set(['runtime', 'page', 'server', 'testing']);
    const up = values.filter((e) => base.has(layer(e.from)) && above.has(layer(e.to)));
    expect(show(up)).toEqual([]);
  });

  it('the server reaches the client only for the wire protocol and the cost estimate', () => {
    const allowed = new Set(['runtime/backend/backendProtocol', 'store/costEstimate']);
    const out = values.filter(
      (e) =>
        e.from.startsWith('server/') &&
        !e.to.startsWith('server/') &&
        !allowed.has(e.to) &&
        // The fakes are test doubles of vendors, shipped for product teams' tests.
        !e.from.startsWith('server/fakes/'),
    );
    expect(show(out)).toEqual([]);
  });
});
