import type { ErrorObject } from 'ajv';

/**
 * A standalone ajv validate function as `scripts/generate.ts` emits it: a type guard that
 * leaves its ajv errors (all of them: `allErrors`) on `errors` after a failed call.
 */
export interface CompiledValidator<T> {
  (data: unknown): data is T;
  errors?: ErrorObject[] | null;
}
