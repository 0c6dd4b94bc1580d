import { isExactLiteral } from './amount';

/** The outcome of {@link parseJson}. */
export type ParsedJson =
  | { ok: true; value: unknown; inexactAmounts: WeakSet<object> }
  | { ok: false; message: string };

/** The third reviver argument of Node ≥ 22 (TC39 "JSON.parse source text access"). */
interface ReviverContext {
  source?: string;
}

function syntaxMessage(text: string, error: unknown): string {
  if (text.trim() === '') return 'Body is empty; expected a JSON document.';
  const detail = error instanceof Error ? error.message : '';
  const location = /\(line (\d+) column (\d+)\)/.exec(detail);
  if (location !== null) {
    return `Body is not valid JSON (syntax error at line ${location[1]}, column ${location[2]}).`;
  }
  if (detail.includes('Unexpected end')) return 'Body is not valid JSON: it ends too early.';
  return 'Body is not valid JSON.';
}

/**
 * Parses a request body and records every object whose `amount` literal is not exactly the
 * double it parses to (e.g. `999999999999999.999` becomes 1e15), so validation can reject
 * it instead of storing a different number. The failure message never echoes the body.
 */
export function parseJson(text: string): ParsedJson {
  const inexactAmounts = new WeakSet<object>();
  function reviver(this: unknown, key: string, value: unknown, context?: ReviverContext) {
    if (
      key === 'amount' &&
      typeof value === 'number' &&
      typeof this === 'object' &&
      this !== null &&
      context?.source !== undefined &&
      !isExactLiteral(context.source, value)
    ) {
      inexactAmounts.add(this);
    }
    return value;
  }
  try {
    const value: unknown = JSON.parse(text, reviver);
    return { ok: true, value, inexactAmounts };
  } catch (error) {
    return { ok: false, message: syntaxMessage(text, error) };
  }
}
