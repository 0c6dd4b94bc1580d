import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Options } from 'tsup';

const models = path.resolve(fileURLToPath(new URL('../models', import.meta.url)));

/**
 * The client bundles the few contract pieces it needs from the private `@fluxa/models` (the
 * UUIDv7 generator). Its modules are pure declarations; saying so lets esbuild leave out the
 * ones the client does not use (the validators, the OpenAPI document) instead of keeping
 * every module its barrel imports.
 */
const modelsWithoutSideEffects: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'models-without-side-effects',
  setup(build) {
    build.onResolve({ filter: /.*/ }, async (args) => {
      const fromModels = args.importer.startsWith(models) || args.path === '@fluxa/models';
      if (!fromModels || args.pluginData === 'resolving') return undefined;
      const resolved = await build.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: 'resolving',
      });
      return resolved.path.startsWith(models) ? { ...resolved, sideEffects: false } : resolved;
    });
  },
};

/**
 * The published package: ESM and CommonJS for Node ≥ 20, with bundled type declarations
 * (`dts`) that import nothing (the types are generated into src/generated from the schemas).
 */
export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  platform: 'node',
  target: 'node20',
  dts: true,
  sourcemap: true,
  clean: true,
  treeshake: true,
  noExternal: ['@fluxa/models'],
  removeNodeProtocol: false,
  esbuildPlugins: [modelsWithoutSideEffects],
});
