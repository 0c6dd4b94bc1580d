/**
 * The one rule every string of an event follows (values, metadata keys, nested values):
 * well-formed Unicode — no unpaired surrogate — and no U+0000, which PostgreSQL's `text`
 * and `jsonb` cannot hold. As a JSON Schema `pattern` (ECMA-262 with the `u` flag, as ajv
 * compiles it), so the OpenAPI document states it too.
 */
export const storableTextPattern = '^[^\\u0000\\uD800-\\uDFFF]*$';

const storableText = new RegExp(storableTextPattern, 'u');

/** Whether a string can be stored and returned exactly: see {@link storableTextPattern}. */
export function isStorableText(text: string): boolean {
  return storableText.test(text);
}

/** The reason given for a string that breaks {@link storableTextPattern}. */
export const storableTextReason =
  'must be well-formed Unicode without U+0000 (no unpaired surrogates)';

/**
 * Characters SQS (and SNS) refuse in a message body or attribute value: anything outside
 * #x9 | #xA | #xD | #x20–#xD7FF | #xE000–#xFFFD | #x10000–#x10FFFF.
 */
const sqsRefused = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * Free text (a reason, a log excerpt) made safe for an SQS attribute or a database `text`
 * column: every character SQS refuses, U+0000 and unpaired surrogates among them, becomes
 * U+FFFD. For messages about data, never for the data itself.
 */
export function sqsSafeText(text: string): string {
  return text.replace(sqsRefused, '\uFFFD');
}

/**
 * JSON text whose every character SQS carries raw: JSON.stringify already escapes control
 * characters and unpaired surrogates, so only the non-characters U+FFFE and U+FFFF are left
 * to escape. The JSON value is unchanged.
 */
export function escapeForSqs(json: string): string {
  return json.replace(/[\uFFFE\uFFFF]/g, (char) => `\\u${char.charCodeAt(0).toString(16)}`);
}
