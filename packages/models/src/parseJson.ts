import { isExactLiteral } from './amount';
import { duplicateKey } from './duplicateKeys';

/**
 * The numbers of a parsed document whose literal the double they became does not hold digit
 * for digit (`12345678901234567890`, `0.1000000000000000055511`) or at all (`1e400`, which
 * parses to Infinity), by the object or array that holds them and their key there.
 */
export interface InexactNumbers {
  has(holder: object, key: string): boolean;
}

/** The outcome of {@link parseJson}. */
export type ParsedJson =
  | { ok: true; value: unknown; inexact: InexactNumbers }
  | { ok: false; message: string };

/** The third reviver argument of Node ≥ 22 (TC39 "JSON.parse source text access"). */
interface ReviverContext {
  source?: string;
}

function syntaxMessage(text: string, error: unknown): string {
  if (text.trim() === '') return 'body is empty; expected a JSON document';
  if (error instanceof RangeError) return 'body is nested too deeply to be an event';
  // Display only: where V8 says the syntax error is, when its message says (nothing branches on it).
  const location = /\(line (\d+) column (\d+)\)/.exec(error instanceof Error ? error.message : '');
  return location === null
    ? 'body is not valid JSON'
    : `body is not valid JSON (syntax error at line ${location[1]}, column ${location[2]})`;
}

/** No number of a document built in code is inexact: what it holds is what it is. */
export const noInexactNumbers: InexactNumbers = { has: () => false };

/**
 * Parses a JSON text and records every number whose literal is not exactly the double it
 * parses to, so validation can reject it instead of storing a different number. A member name
 * repeated in one object is refused (see {@link duplicateKey}). The failure message never
 * echoes the body beyond such a key.
 */
export function parseJson(text: string): ParsedJson {
  const inexact = new WeakMap<object, Set<string>>();
  function reviver(this: unknown, key: string, value: unknown, context?: ReviverContext) {
    if (
      typeof value === 'number' &&
      typeof this === 'object' &&
      this !== null &&
      context?.source !== undefined &&
      !isExactLiteral(context.source, value)
    ) {
      const keys = inexact.get(this) ?? new Set<string>();
      keys.add(key);
      inexact.set(this, keys);
    }
    return value;
  }
  let value: unknown;
  try {
    value = JSON.parse(text, reviver);
  } catch (error) {
    return { ok: false, message: syntaxMessage(text, error) };
  }
  const duplicate = duplicateKey(text);
  if (duplicate !== undefined) {
    const shown = duplicate.length <= 64 ? duplicate : `${duplicate.slice(0, 64)}…`;
    return { ok: false, message: `body has the key ${JSON.stringify(shown)} twice in one object` };
  }
  const has = (holder: object, key: string) => inexact.get(holder)?.has(key) ?? false;
  return { ok: true, value, inexact: { has } };
}
