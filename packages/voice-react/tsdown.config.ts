import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: { index: 'src/index.ts', 'rive/index': 'src/rive/index.ts' },
  format: ['esm'],
  dts: true,
  platform: 'neutral',
  target: 'es2022',
  clean: true,
  // Module directives are dropped when modules are bundled into chunks; every chunk of this
  // package holds client components or hooks, so Next.js needs the directive back on each.
  banner: ({ fileName }) => (fileName.endsWith('.js') ? { js: "'use client';" } : undefined),
  // Peers and heavy runtime deps stay imports: daily-js/daily-react load in a lazy chunk,
  // Rive only from the `/rive` entry.
  deps: {
    neverBundle: [
      /^react($|\/)/,
      /^react-dom($|\/)/,
      'jotai',
      /^jotai\//,
      '@parley/voice-core',
      '@daily-co/daily-js',
      '@daily-co/daily-react',
      /^@rive-app\//,
    ],
  },
});
