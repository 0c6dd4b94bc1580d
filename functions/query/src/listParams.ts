import type { ListFilter } from '@fluxa/db';
import { HttpError } from '@fluxa/http';
import {
  defaultListLimit,
  eventListQuerySchema,
  maxListLimit,
  type Violation,
} from '@fluxa/models';

const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
const known = new Set(Object.keys(eventListQuerySchema.properties));

/**
 * Reads GET /events query parameters into a filter: exactly one of user_id /
 * correlation_id, limit 1–100 (default 50), from/to RFC 3339. Every problem is
 * listed in one 400.
 */
export function readListParams(query: Record<string, string>): ListFilter {
  const violations: Violation[] = [];
  const invalid = (field: string, reason: string) =>
    violations.push({ field, code: 'INVALID_VALUE', reason });
  for (const name of Object.keys(query)) {
    if (!known.has(name))
      violations.push({ field: name, code: 'UNKNOWN_FIELD', reason: 'is not a known parameter' });
  }
  const { user_id: userId, correlation_id: correlationId, from, to, cursor } = query;
  if ((userId === undefined) === (correlationId === undefined)) {
    violations.push({
      field: 'user_id',
      code: 'MISSING_FIELD',
      reason: 'give exactly one of user_id or correlation_id',
    });
  }
  if (userId !== undefined && (userId.length < 1 || userId.length > 255))
    invalid('user_id', 'must be 1–255 characters');
  if (correlationId !== undefined && !/^[A-Za-z0-9._:-]{1,128}$/.test(correlationId)) {
    invalid('correlation_id', 'must be 1–128 characters of [A-Za-z0-9._:-]');
  }
  for (const [field, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (value !== undefined && (!rfc3339.test(value) || Number.isNaN(Date.parse(value)))) {
      invalid(field, 'must be an RFC 3339 date-time with offset');
    }
  }
  let limit = defaultListLimit;
  if (query.limit !== undefined) {
    limit = Number(query.limit);
    if (!/^\d+$/.test(query.limit) || limit < 1 || limit > maxListLimit) {
      invalid('limit', `must be an integer from 1 to ${maxListLimit}`);
    }
  }
  if (cursor !== undefined && (cursor.length < 1 || cursor.length > 1024))
    invalid('cursor', 'is not a valid cursor');
  if (violations.length > 0)
    throw new HttpError(400, 'VALIDATION_FAILED', 'invalid query parameters', violations);
  return {
    ...(userId !== undefined ? { userId } : { correlationId }),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    ...(cursor !== undefined ? { cursor } : {}),
    limit,
  };
}
