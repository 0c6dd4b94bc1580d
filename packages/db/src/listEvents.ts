import type { ListQuery, StoredRecord } from '@fluxa/models';
import type { Sql } from './client';
import { decodeCursor, encodeCursor } from './cursor';
import { type EventRow, recordColumns, toStoredRecord } from './eventRows';

export interface EventPage {
  items: StoredRecord[];
  next_cursor: string | null;
}

/**
 * One page of a tenant's events — of one user, of one correlation id, or all of them —
 * newest timestamp first, keyset-paginated on (ts, event_id) so every page is a range scan of
 * an index led by the tenant (and the owner). `from` is inclusive, `to` exclusive. Throws
 * InvalidCursorError for a bad cursor.
 */
export async function listEvents(sql: Sql, tenantId: string, query: ListQuery): Promise<EventPage> {
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  const owner =
    query.owner === undefined
      ? sql``
      : 'user_id' in query.owner
        ? sql`and user_id = ${query.owner.user_id}`
        : sql`and correlation_id = ${query.owner.correlation_id}`;
  const rows = await sql<EventRow[]>`
    select ${recordColumns(sql)} from events
    where tenant_id = ${tenantId} ${owner}
      ${query.from ? sql`and ts >= ${query.from}::timestamptz` : sql``}
      ${query.to ? sql`and ts < ${query.to}::timestamptz` : sql``}
      ${after ? sql`and (ts, event_id) < (${after.ts}::timestamptz, ${after.eventId})` : sql``}
    order by ts desc, event_id desc
    limit ${query.limit + 1}`;
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(toStoredRecord),
    next_cursor:
      rows.length > query.limit && last
        ? encodeCursor({ ts: last.timestamp, eventId: last.event_id })
        : null,
  };
}
