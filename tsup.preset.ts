import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { defineConfig, type Options } from 'tsup';

/**
 * The release version, from the root package.json: baked into every bundle as
 * `__FLUXA_VERSION__` (read by `releaseVersion` of @fluxa/models), so a zip says which release
 * it is, and the same tree gives the same bytes.
 */
export const releaseVersion: string = (
  JSON.parse(readFileSync(path.join(__dirname, 'package.json'), 'utf8')) as { version: string }
).version;

/**
 * Node built-ins reach the bundle through `process.getBuiltinModule`, not `import`: for an ESM
 * import of a built-in Node builds a module facade that reads every export at load, and Node
 * 24's `http` exports WebSocket and friends through getters that load undici — 10 ms of every
 * cold start for code the functions never run.
 */
const builtinsByRequire: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'builtins-by-require',
  setup(build) {
    const names = builtinModules.map((name) => name.replaceAll('/', '\\/')).join('|');
    build.onResolve({ filter: new RegExp(`^(node:)?(${names})$`) }, (args) => ({
      path: args.path.replace(/^node:/, ''),
      namespace: 'node-builtin',
    }));
    build.onLoad({ filter: /.*/, namespace: 'node-builtin' }, (args) => ({
      contents: `module.exports = process.getBuiltinModule(${JSON.stringify(`node:${args.path}`)});`,
      loader: 'js',
    }));
  },
};

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
    // Built-ins through getBuiltinModule; tsup's own plugin would make `node:` imports external first.
    esbuildPlugins: [builtinsByRequire],
    removeNodeProtocol: false,
    define: { __FLUXA_VERSION__: JSON.stringify(releaseVersion) },
    clean: true,
    // Bundled CommonJS dependencies (pino, postgres helpers) call require() for Node built-ins.
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    ...overrides,
  });
}
