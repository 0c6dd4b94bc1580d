/**
 * The release version of the root package.json, put in by the bundler (tsup `define`) when a
 * bundle is built, and by the jest configuration when tests run the sources: a zip says which
 * release it is without reading anything at run time.
 */
declare const __FLUXA_VERSION__: string | undefined;

/**
 * The release this code was built as (`0.2.0`): a base field of every log line, a property of
 * every metric line, and the `version` of `GET /health`. `unbundled` when the TypeScript
 * sources run without a build (`tsx`), which no deployment does.
 */
export const releaseVersion: string =
  typeof __FLUXA_VERSION__ === 'string' ? __FLUXA_VERSION__ : 'unbundled';
