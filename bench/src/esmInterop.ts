import { registerHooks } from 'node:module';

/** ESM-only packages (no `require` export) that workspace packages load from CommonJS. */
const esmOnlyPackages = new Set(['fauxqs']);
let registered = false;

/**
 * Lets CommonJS workspace sources (tsx runs `@fluxa/testing` as CommonJS, its
 * package has no `"type"`) `require()` the ESM-only emulator: resolution of
 * those packages also accepts the `import` condition, and Node 24 loads the
 * ES module through `require(esm)`. Only the listed packages are affected.
 */
export function allowRequireOfEsmOnlyPackages(): void {
  if (registered) return;
  registered = true;
  registerHooks({
    resolve(specifier, context, nextResolve) {
      if (!esmOnlyPackages.has(specifier) || context.conditions.includes('import')) {
        return nextResolve(specifier, context);
      }
      return nextResolve(specifier, { ...context, conditions: [...context.conditions, 'import'] });
    },
  });
}
