/**
 * "React binds, nothing more": every module of this package is React (a component, a hook,
 * jotai atoms) or types. Logic that needs no React belongs in `@parley/voice-core`, where it
 * is tested without `render`. A module passes when it imports React, jotai or a React
 * library, or is a hook built from other hooks; type-only modules and entry barrels pass too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const src = dirname(fileURLToPath(import.meta.url));
const REACT_IMPORT =
  /from '(react|react-dom|jotai|@daily-co\/daily-react|@rive-app\/react-canvas)'/;
/** A hook: its exports are `use*` functions, and it calls hooks. */
const HOOK_MODULE = /export function use[A-Z]\w*(<[^>]*>)?\(/;
const CALLS_HOOK = /\buse[A-Z]\w*\(/;

function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    if (d.isDirectory()) return modules(p);
    return /\.tsx?$/.test(d.name) && !/\.(test|d)\.tsx?$/.test(d.name) ? [p] : [];
  });
}

/** Only `import type`, `export type`, interfaces and type aliases: nothing survives the build. */
function typeOnly(code: string): boolean {
  const withoutComments = code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  const statements = withoutComments.split(/\n(?=\S)/).filter((s) => s.trim() !== '');
  return statements.every((s) =>
    /^(import type|export type|export interface|interface|type |'use client'|\}|\))/.test(s.trim()),
  );
}

it('every module is React, a hook, jotai atoms, types or an entry', () => {
  const offenders = modules(src)
    .filter((file) => !/(^|\/)index\.tsx?$/.test(file))
    .filter((file) => {
      const code = readFileSync(file, 'utf8');
      if (REACT_IMPORT.test(code) || typeOnly(code)) return false;
      return !(HOOK_MODULE.test(code) && CALLS_HOOK.test(code.replace(HOOK_MODULE, '')));
    })
    .map((file) => relative(src, file));
  expect(offenders).toEqual([]);
});

it('flags pure logic (self-check)', () => {
  const pure = 'export function limit(n: number) {\n  return Math.min(n, 1);\n}\n';
  expect(REACT_IMPORT.test(pure) || typeOnly(pure) || HOOK_MODULE.test(pure)).toBe(false);
  expect(typeOnly("import type { A } from './a';\nexport interface B {\n  a: A;\n}\n")).toBe(true);
});
