import { defineConfig } from 'vitest/config';

const source = { conditions: ['@parley/source'] };

export default defineConfig({
  resolve: source,
  ssr: { resolve: source },
  test: {
    include: ['*.test.ts'],
    environment: 'node',
    // One Chromium for the file; each case is bounded, the whole file stays well under 90 s.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    fileParallelism: false,
  },
});
