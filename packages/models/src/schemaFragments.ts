/**
 * Field schemas shared by several contracts. Each is embedded (not `$ref`-ed) into the
 * top-level schemas, so every schema stays self-contained for ajv, FromSchema and OpenAPI.
 */

/** Pattern of an event id: starts with a letter or digit, then letters, digits, `. _ : -`. */
export const eventIdPattern = '^[A-Za-z0-9][A-Za-z0-9._:-]*$';

/** Longest accepted event id, in characters. */
export const maxEventIdLength = 128;

/** An event id (SPEC §4): the idempotency key, 1–128 characters of {@link eventIdPattern}. */
export const eventIdSchema = {
  type: 'string',
  minLength: 1,
  maxLength: maxEventIdLength,
  pattern: eventIdPattern,
  description: 'Idempotency key: 1–128 characters, letters, digits and . _ : - (not first).',
} as const;

/** A correlation id (SPEC §3): 1–128 characters of `[A-Za-z0-9._:-]`. */
export const correlationIdSchema = {
  type: 'string',
  minLength: 1,
  maxLength: 128,
  pattern: '^[A-Za-z0-9._:-]+$',
  description: 'Correlation id: 1–128 characters of letters, digits and . _ : -.',
} as const;

/**
 * An RFC 3339 date-time with a mandatory offset. ajv-formats' `date-time` checks the ranges
 * (month, day, hour, offset) and rejects a missing offset; the pattern additionally rejects
 * the non-RFC 3339 forms that format tolerates (space separator, `+0100`, `+01`).
 */
export const dateTimeSchema = {
  type: 'string',
  format: 'date-time',
  pattern: '^\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})$',
  description: 'RFC 3339 date-time with offset, e.g. 2026-01-31T12:00:00Z.',
} as const;

/** A lower-case hex SHA-256 digest (what `digest('hex')` returns). */
export const sha256Schema = {
  type: 'string',
  pattern: '^[0-9a-f]{64}$',
  description: 'SHA-256 of the exact payload bytes, 64 lower-case hex digits.',
} as const;
