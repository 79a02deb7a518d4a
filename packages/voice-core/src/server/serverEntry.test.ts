/**
 * `@parley/voice-core/server` never loads `redis`: a bundler (Next.js with Turbopack fails on an
 * unresolvable `import('redis')` even behind a catch) must be able to build an app that uses
 * the default entry without the package installed. The Redis store is `/server/redis`.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importGraph, src } from '../../test/importGraph';

const MENTIONS_REDIS = /from\s*['"]redis['"]|import\s*\(\s*['"]redis['"]\s*\)/;
const reaches = (entry: string) =>
  [...importGraph(join(src, entry))]
    .filter((file) => MENTIONS_REDIS.test(readFileSync(file, 'utf8')))
    .map((file) => relative(src, file));

describe('server entries', () => {
  it('the default server entry reaches no module that imports redis', () => {
    expect(reaches('server/index.ts')).toEqual([]);
  });

  it('the Redis entry does (self-check: the pattern sees the import)', () => {
    expect(reaches('server/redis/index.ts')).toEqual(['server/redisConnection.ts']);
  });
});
