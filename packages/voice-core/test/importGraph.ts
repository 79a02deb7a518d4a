/**
 * A module graph read from the source, for tests that check which files an entry reaches
 * (static, dynamic and re-export imports; relative paths and the package's own subpaths).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const src = resolve(dirname(fileURLToPath(import.meta.url)), '../src');
const serverDir = join(src, 'server');
const EXTENSIONS = ['.ts', '.tsx', '/index.ts', '/index.tsx', ''];
// Static `import … from`, `export … from`, side-effect `import '…'`, and dynamic `import('…')`.
export const SPECIFIER =
  /(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|import\s*['"]([^'"]+)['"]|import\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g;

export function resolveImport(from: string, spec: string): string | undefined {
  if (spec.startsWith('@parley/voice-core/server')) return join(serverDir, 'index.ts');
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec.replace(/\.js$/, ''));
  for (const ext of EXTENSIONS) {
    const candidate = base + ext;
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

export function importGraph(entry: string): Set<string> {
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
