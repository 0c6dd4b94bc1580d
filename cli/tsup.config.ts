import { defineConfig } from 'tsup';

/**
 * One executable ESM file with every dependency bundled (the AWS SDK, the models'
 * validators), so `node cli/dist/index.mjs` needs nothing but Node 24.
 */
export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm'],
  outExtension: () => ({ js: '.mjs' }),
  platform: 'node',
  target: 'node24',
  bundle: true,
  noExternal: [/.*/],
  splitting: false,
  treeshake: true,
  sourcemap: true,
  clean: true,
  banner: { js: '#!/usr/bin/env node' },
});
