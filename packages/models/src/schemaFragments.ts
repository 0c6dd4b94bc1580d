import { storableTextPattern } from './text';

/**
 * Field schemas shared by several contracts. Each is embedded (not `$ref`-ed) into the
 * top-level schemas, so every schema stays self-contained for ajv, FromSchema and OpenAPI.
 */

/** Pattern of an event id: starts with a letter or digit, then letters, digits, `. _ : -`. */
export const eventIdPattern = '^[A-Za-z0-9][A-Za-z0-9._:-]*$';

/** Longest accepted event id, in characters. */
export const maxEventIdLength = 128;

/**
 * An identifier: a string of 1–`maxLength` characters matching `pattern`. The literal types
 * are kept, so each id's schema is still its own contract to `json-schema-to-ts` and OpenAPI.
 */
function idSchema<Max extends number, Pattern extends string, Description extends string>(
  maxLength: Max,
  pattern: Pattern,
  description: Description,
) {
  return { type: 'string', minLength: 1, maxLength, pattern, description } as const;
}

/** An event id: the idempotency key, 1–128 characters of {@link eventIdPattern}. */
export const eventIdSchema = idSchema(
  maxEventIdLength,
  eventIdPattern,
  'Idempotency key: 1–128 characters, letters, digits and . _ : - (not first).',
);

/** Pattern of a correlation id: letters, digits and `. _ : -`. */
export const correlationIdPattern = '^[A-Za-z0-9._:-]+$';

const correlationIdRegExp = new RegExp(correlationIdPattern);

/** Longest accepted correlation id, in characters. */
export const maxCorrelationIdLength = 128;

/** A correlation id: 1–128 characters of `[A-Za-z0-9._:-]`. */
export const correlationIdSchema = idSchema(
  maxCorrelationIdLength,
  correlationIdPattern,
  'Correlation id: 1–128 characters of letters, digits and . _ : -.',
);

/** Whether a string is a correlation id a client may choose (else the service makes one). */
export function isValidCorrelationId(id: string): boolean {
  return id.length <= maxCorrelationIdLength && correlationIdRegExp.test(id);
}

/**
 * An RFC 3339 date-time with a mandatory offset that PostgreSQL stores as the same instant:
 * the `date-time` format compiled into the validators is `checkTimestamp` (a real calendar
 * date, microsecond precision at most, an instant from year 1 to 9999); the pattern states the
 * shape for readers of the OpenAPI document.
 */
export const dateTimeSchema = {
  type: 'string',
  format: 'date-time',
  pattern: '^\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})$',
  description:
    'RFC 3339 date-time with offset, e.g. 2026-01-31T12:00:00Z: a real calendar date, at most 6 fractional digits, between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z.',
} as const;

/**
 * A string of storable text (well-formed Unicode, no U+0000) of 1–`maxLength` code points;
 * ajv counts code points, so an emoji is one character as it is to PostgreSQL.
 */
export function textSchema<Max extends number>(maxLength: Max) {
  return { type: 'string', minLength: 1, maxLength, pattern: storableTextPattern } as const;
}

/** A lower-case hex SHA-256 digest (what `digest('hex')` returns). */
export const sha256Schema = {
  type: 'string',
  pattern: '^[0-9a-f]{64}$',
  description: 'SHA-256 of the exact payload bytes, 64 lower-case hex digits.',
} as const;
