/**
 * SQL rendering a timestamptz column as UTC RFC 3339 with microseconds: exact,
 * and sortable as text. `column` is always a literal from our own code.
 *
 * Selected under the column's own name, it shadows the column in an unqualified ORDER BY:
 * `order by created_at` then sorts every matching row by the text instead of reading an index
 * in order. Queries that select it order by the qualified column (`events.created_at`).
 */
export function utcText(column: string): string {
  return `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}
