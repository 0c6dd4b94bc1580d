/**
 * SQL rendering a timestamptz column as UTC RFC 3339 with microseconds: exact,
 * and sortable as text. `column` is always a literal from our own code.
 */
export function utcText(column: string): string {
  return `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}
