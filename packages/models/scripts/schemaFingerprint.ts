import { createHash } from 'node:crypto';
import { canonicalJson } from '../src/canonical';
import { schemas } from '../src/schemaRegistry';

/** SHA-256 of every compiled schema, so a stale `src/generated/validators.ts` is detectable. */
export function schemaFingerprint(): string {
  return createHash('sha256').update(canonicalJson(schemas)).digest('hex');
}
