import { defineConfig, type Options } from 'tsup';

/**
 * One ESM file per function for the nodejs24.x runtime, with a source map. The
 * AWS SDK is bundled (pinned by our lockfile, tree-shaken) rather than taken from
 * the runtime, whose version changes under us.
 */
export function functionBundle(overrides: Partial<Options> = {}) {
  return defineConfig({
    entry: { index: 'src/handler.ts' },
    format: ['esm'],
    outExtension: () => ({ js: '.mjs' }),
    platform: 'node',
    target: 'node24',
    bundle: true,
    noExternal: [/.*/],
    splitting: false,
    treeshake: true,
    minify: true,
    sourcemap: true,
    // Maps point at our sources by path; embedding the sources would triple the zip.
    esbuildOptions: (options) => {
      options.sourcesContent = false;
    },
    clean: true,
    // Bundled CommonJS dependencies (pino, postgres helpers) call require() for Node built-ins.
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    ...overrides,
  });
}
