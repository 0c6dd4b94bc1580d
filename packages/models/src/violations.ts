import type { ErrorObject } from 'ajv';
import {
  correlationIdPattern,
  dateTimeSchema,
  eventIdPattern,
  sha256Schema,
} from './schemaFragments';
import { storableTextPattern, storableTextReason } from './text';
import { checkTimestamp, timestampReasons } from './timestamp';
import type { Violation } from './violation';

const patternReasons: Record<string, string> = {
  [eventIdPattern]:
    'must start with a letter or digit and contain only letters, digits and . _ : -',
  '^[A-Z]{3}$': 'must be three upper-case letters (an ISO 4217 code)',
  [correlationIdPattern]: 'must contain only letters, digits and . _ : -',
  [dateTimeSchema.pattern]: timestampReasons.syntax,
  [storableTextPattern]: storableTextReason,
  [sha256Schema.pattern]: 'must be 64 lower-case hexadecimal digits',
};

function article(type: string): string {
  return type === 'null' ? type : `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
}

function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function valueAt(root: unknown, segments: string[]): unknown {
  let current = root;
  for (const segment of segments) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function reasonFor(error: ErrorObject, value: unknown): string | undefined {
  const params = error.params as Record<string, unknown>;
  const limit = String(params.limit);
  switch (error.keyword) {
    case 'type':
      if (typeof value === 'number' && !Number.isFinite(value)) return 'must be a finite number';
      return `must be ${String(params.type).split(',').map(article).join(' or ')}`;
    case 'exclusiveMinimum':
      return `must be greater than ${limit}`;
    case 'exclusiveMaximum':
      return `must be less than ${limit}`;
    case 'minimum':
      return `must be greater than or equal to ${limit}`;
    case 'maximum':
      return `must be less than or equal to ${limit}`;
    case 'minLength':
      return limit === '1' ? 'must not be empty' : `must be at least ${limit} characters long`;
    case 'maxLength':
      return `must be at most ${limit} characters long`;
    case 'pattern':
      return patternReasons[String(params.pattern)] ?? `must match ${String(params.pattern)}`;
    case 'format':
      return params.format === 'date-time' && typeof value === 'string'
        ? dateTimeFormatReason(value)
        : `must be a ${String(params.format)}`;
    case 'minProperties':
      return `must have at least ${limit} keys`;
    case 'maxProperties':
      return `must have at most ${limit} keys`;
    case 'minItems':
      return `must contain at least ${limit} ${limit === '1' ? 'item' : 'items'}`;
    case 'maxItems':
      return `must contain at most ${limit} items`;
    case 'const':
      return `must be ${JSON.stringify(params.allowedValue)}`;
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).map(String).join(', ')}`;
    case 'false schema':
      return 'must not be present here';
    case 'oneOf':
    case 'anyOf':
      return 'must match one of the allowed shapes';
    case 'if':
      return undefined;
    default:
      return error.message ?? 'is invalid';
  }
}

function dateTimeFormatReason(value: string): string {
  const checked = checkTimestamp(value);
  return checked.ok ? timestampReasons.syntax : checked.reason;
}

/** Longest field path echoed back: a hostile key must not make the error body huge. */
const maxFieldLength = 200;

/** Most violations one error body lists (an event has a handful of fields; this is a bound). */
export const maxViolations = 100;

function shortField(field: string): string {
  return field.length <= maxFieldLength ? field : `${field.slice(0, maxFieldLength)}…`;
}

function toViolation(error: ErrorObject, data: unknown): Violation | undefined {
  const segments = pointerSegments(error.instancePath);
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') {
    const field = [...segments, String(params.missingProperty)].join('.');
    return { field, code: 'MISSING_FIELD', reason: 'is required' };
  }
  if (error.keyword === 'additionalProperties') {
    const field = [...segments, String(params.additionalProperty)].join('.');
    return { field, code: 'UNKNOWN_FIELD', reason: 'is not a known field' };
  }
  const reason = reasonFor(error, valueAt(data, segments));
  return reason === undefined
    ? undefined
    : { field: segments.join('.'), code: 'INVALID_VALUE', reason };
}

function compareText(left: string, right: string): number {
  if (left === right) return 0;
  return left < right ? -1 : 1;
}

/**
 * Sorts violations by field, then code, then reason, and drops duplicates (two rules that
 * caught the same problem, such as a date-time's pattern and format, give one entry).
 */
export function normalizeViolations(violations: readonly Violation[]): Violation[] {
  const shortened = violations.map((v) => ({ ...v, field: shortField(v.field) }));
  const unique = new Map(shortened.map((v) => [`${v.field}\u0000${v.code}\u0000${v.reason}`, v]));
  return [...unique.values()]
    .sort(
      (a, b) =>
        compareText(a.field, b.field) ||
        compareText(a.code, b.code) ||
        compareText(a.reason, b.reason),
    )
    .slice(0, maxViolations);
}

/** Maps ajv errors to API violations: required → MISSING_FIELD, extra → UNKNOWN_FIELD, … */
export function violationsFromAjv(
  errors: readonly ErrorObject[] | null | undefined,
  data: unknown,
): Violation[] {
  const violations: Violation[] = [];
  for (const error of errors ?? []) {
    const violation = toViolation(error, data);
    if (violation !== undefined) violations.push(violation);
  }
  return normalizeViolations(violations);
}
