import type { StoredRecord } from '@fluxa/models';
import type { SqlOrTx } from './client';
import { type EventRow, recordColumns, toStoredRecord } from './eventRows';

/** A stored event whose notification is to be published, with what travels beside it. */
export interface StoredNotification {
  record: StoredRecord;
  /** The W3C trace context of the request that sent it, when it carried one. */
  traceparent?: string;
}

/** Rows as the relay reads them: the stored record and its trace context. */
export type NotificationRow = EventRow & { traceparent: string | null };

/** The stored record and trace context of a row read with {@link notificationColumns}. */
export function toStoredNotification(row: NotificationRow): StoredNotification {
  const { traceparent, ...record } = row;
  return {
    record: toStoredRecord(record),
    ...(traceparent === null ? {} : { traceparent }),
  };
}

/** {@link recordColumns} and the trace context: what a notification is built from. */
export const notificationColumns = (sql: SqlOrTx) => sql`${recordColumns(sql)}, traceparent`;

/**
 * In an open transaction: the oldest page of stored events still unnotified that were stored
 * more than `graceSeconds` ago, their rows locked until the transaction ends and rows another
 * relay holds skipped (`for update skip locked`), so two relays never take the same page. Read
 * through the partial index of unnotified rows, oldest first.
 */
export async function takeOwed(
  tx: SqlOrTx,
  options: { graceSeconds: number; limit: number },
): Promise<StoredNotification[]> {
  const rows = await tx<NotificationRow[]>`
    select ${notificationColumns(tx)} from events
    where notified_at is null
      and created_at < now() - make_interval(secs => ${options.graceSeconds})
    order by events.created_at
    limit ${options.limit}
    for update skip locked`;
  return rows.map(toStoredNotification);
}

/** How long the oldest unnotified event has been stored, in seconds; 0 when none is owed. */
export async function oldestOwedSeconds(sql: SqlOrTx): Promise<number> {
  const [row] = await sql<{ seconds: number | null }[]>`
    select extract(epoch from now() - min(created_at))::float8 as seconds
    from events where notified_at is null`;
  return Math.max(0, row?.seconds ?? 0);
}
