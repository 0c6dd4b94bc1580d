import { defaultListLimit, type EventListQuery } from './eventListQuerySchema';
import * as compiled from './generated/validators';
import type { SchemaCheck } from './schemaValidation';
import { checkTimestamp } from './timestamp';
import type { Violation } from './violation';
import { normalizeViolations, violationsFromAjv } from './violations';

/**
 * A validated GET /events query: one owner (a user or a correlation id) or none (the whole
 * tenant), optional UTC bounds, a page size, a cursor.
 */
export interface ListQuery {
  owner?: { user_id: string } | { correlation_id: string };
  /** Inclusive lower bound on `timestamp`, as the UTC instant stored. */
  from?: string;
  /** Exclusive upper bound on `timestamp`, as the UTC instant stored. */
  to?: string;
  limit: number;
  cursor?: string;
}

/** `limit` arrives as text: a run of digits becomes a number, anything else stays and fails. */
function typed(query: Record<string, string>): Record<string, unknown> {
  const { limit } = query;
  return limit !== undefined && /^\d{1,15}$/.test(limit)
    ? { ...query, limit: Number(limit) }
    : query;
}

function ownerViolation(query: Record<string, string>): Violation[] {
  if (query.user_id === undefined || query.correlation_id === undefined) return [];
  const reason = 'give at most one of user_id or correlation_id';
  return [{ field: 'correlation_id', code: 'INVALID_VALUE', reason }];
}

const utc = (text: string | undefined) => {
  if (text === undefined) return undefined;
  const checked = checkTimestamp(text);
  return checked.ok ? checked.instant.utc : undefined;
};

/**
 * Validates GET /events query parameters with the rules of the event fields they filter on
 * (storable text, code-point lengths, storable timestamps), and lists every problem at once.
 */
export function validateListQuery(query: Record<string, string>): SchemaCheck<ListQuery> {
  const input = typed(query);
  const valid = compiled.eventListQuery(input);
  const violations = normalizeViolations([
    ...(valid ? [] : violationsFromAjv(compiled.eventListQuery.errors, input)),
    ...ownerViolation(query),
  ]);
  if (!valid || violations.length > 0) return { ok: false, violations };
  const checked = input as EventListQuery;
  const owner =
    checked.user_id !== undefined
      ? { owner: { user_id: checked.user_id } }
      : checked.correlation_id !== undefined
        ? { owner: { correlation_id: checked.correlation_id } }
        : {};
  const from = utc(checked.from);
  const to = utc(checked.to);
  return {
    ok: true,
    value: {
      ...owner,
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
      limit: checked.limit ?? defaultListLimit,
      ...(checked.cursor === undefined ? {} : { cursor: checked.cursor }),
    },
  };
}
