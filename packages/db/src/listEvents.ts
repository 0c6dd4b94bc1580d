import type { StoredRecord } from '@fluxa/models';
import type { Sql } from './client';
import { decodeCursor, encodeCursor } from './cursor';
import { type EventRow, selectRecord, toStoredRecord } from './events';

/** GET /events filter: exactly one of userId / correlationId. */
export interface ListFilter {
  userId?: string;
  correlationId?: string;
  from?: string;
  to?: string;
  limit: number;
  cursor?: string;
}

export interface EventPage {
  items: StoredRecord[];
  next_cursor: string | null;
}

/**
 * One page of a user's (or correlation id's) events, newest timestamp first,
 * keyset-paginated on (ts, event_id) so every page is an index range scan.
 * `from` is inclusive, `to` exclusive. Throws InvalidCursorError for a bad cursor.
 */
export async function listEvents(sql: Sql, filter: ListFilter): Promise<EventPage> {
  const after = filter.cursor ? decodeCursor(filter.cursor) : undefined;
  const owner =
    filter.userId !== undefined
      ? sql`user_id = ${filter.userId}`
      : sql`correlation_id = ${filter.correlationId ?? ''}`;
  const rows = await sql<EventRow[]>`
    ${selectRecord(sql)}
    where ${owner}
      ${filter.from ? sql`and ts >= ${filter.from}::timestamptz` : sql``}
      ${filter.to ? sql`and ts < ${filter.to}::timestamptz` : sql``}
      ${after ? sql`and (ts, event_id) < (${after.ts}::timestamptz, ${after.eventId})` : sql``}
    order by ts desc, event_id desc
    limit ${filter.limit + 1}`;
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    items: page.map(toStoredRecord),
    next_cursor:
      rows.length > filter.limit && last
        ? encodeCursor({ ts: last.timestamp, eventId: last.event_id })
        : null,
  };
}
