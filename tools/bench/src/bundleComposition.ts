/** The part of esbuild's metafile (`metafile: true` in the build) that says what a bundle holds. */
export interface Metafile {
  outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
}

/** The package a source path belongs to: `pkg` under node_modules, else `packages/x` / `functions/x`. */
export function packageOf(source: string): string {
  const dependency = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(
    source,
  );
  if (dependency?.[1]) return dependency[1];
  return /(packages|functions|tools)\/[^/]+/.exec(source)?.[0] ?? source;
}

/**
 * KiB of a bundle's code by the package it came from, largest first (the `top` largest): which
 * dependencies a cold start pays to compile. From the build's metafile, for the output whose
 * path ends in `output`.
 */
export function bundleComposition(
  metafile: Metafile,
  output = 'index.mjs',
  top = 8,
): { package: string; kib: number }[] {
  const [, bundle] = Object.entries(metafile.outputs).find(([file]) => file.endsWith(output)) ?? [];
  if (!bundle) throw new Error(`the metafile has no output ${output}`);
  const bytes = new Map<string, number>();
  for (const [source, { bytesInOutput }] of Object.entries(bundle.inputs)) {
    const name = packageOf(source);
    bytes.set(name, (bytes.get(name) ?? 0) + bytesInOutput);
  }
  return [...bytes]
    .sort(([, a], [, b]) => b - a)
    .slice(0, top)
    .map(([name, size]) => ({ package: name, kib: Number((size / 1024).toFixed(1)) }));
}
