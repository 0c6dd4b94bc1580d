/**
 * Fails fast, with the fix in the message, when `src/generated/validators.ts` is missing or
 * was generated from other schemas (runs before `pnpm test`; turbo builds first anyway).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { schemaFingerprint } from './schemaFingerprint';

const generatedFile = path.join(__dirname, '..', 'src', 'generated', 'validators.ts');
const fix = 'Run `pnpm --filter @fluxa/models build` (turbo runs it before test).';

function problem(): string | undefined {
  if (!existsSync(generatedFile)) return 'src/generated/validators.ts is missing.';
  const expected = `export const schemaFingerprint = '${schemaFingerprint()}';`;
  if (!readFileSync(generatedFile, 'utf8').includes(expected)) {
    return 'src/generated/validators.ts is stale: the schemas changed since it was generated.';
  }
  return undefined;
}

const found = problem();
if (found !== undefined) {
  console.error(`@fluxa/models: ${found} ${fix}`);
  process.exit(1);
}
