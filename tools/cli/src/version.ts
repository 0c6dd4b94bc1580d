/** Baked in by the build (tsup.config.ts) from the root package.json's `version`. */
declare const __FLUXA_VERSION__: string | undefined;

/** The release this CLI was built from; undefined when unbundled (tests) or unversioned. */
export const cliVersion: string | undefined =
  typeof __FLUXA_VERSION__ === 'string' && __FLUXA_VERSION__ !== '' ? __FLUXA_VERSION__ : undefined;
