import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    protocol: 'src/protocol.ts',
    'ui/index': 'src/ui/index.ts',
    'server/index': 'src/server/index.ts',
    'server/redis/index': 'src/server/redis/index.ts',
    'server/fakes/index': 'src/server/fakes/index.ts',
    'testing/index': 'src/testing/index.ts',
    'testing/vitestSetup': 'src/testing/vitestSetup.ts',
    // `npx parley-dev`: the fake vendors for local development (package.json "bin").
    'bin/parley-dev': 'bin/parleyDev.ts',
  },
  format: ['esm'],
  dts: true,
  platform: 'neutral',
  target: 'es2022',
  clean: true,
  // daily-js is loaded lazily at runtime on first start; never bundle it.
  deps: { neverBundle: ['@daily-co/daily-js', 'vitest', /^node:/] },
});
