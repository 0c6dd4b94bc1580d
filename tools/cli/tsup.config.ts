import { functionBundle } from '../../tsup.preset';

/**
 * One executable ESM file with every dependency bundled (the AWS SDK, the models'
 * validators), built as the Lambda bundles are, so `node tools/cli/dist/index.mjs` needs
 * nothing but Node 24. Not minified, so that `FLUXA_DEBUG=1` stack traces read.
 */
export default functionBundle({
  entry: { index: 'src/index.ts' },
  minify: false,
  banner: { js: '#!/usr/bin/env node' },
  // The help's prose: docs/CLI.md, as text.
  loader: { '.md': 'text' },
});
