import type { StoredRecord } from '@fluxa/models';
import type { Sql, SqlOrTx } from './client';
import { type EventRow, recordColumns, toStoredRecord } from './eventRows';
import { type EventKey, keyArrays } from './keys';

/** Records that these events' SNS notifications were published (the first time wins). */
export async function markNotified(sql: SqlOrTx, keys: EventKey[]): Promise<void> {
  if (keys.length === 0) return;
  const [tenants, ids] = keyArrays(keys);
  await sql`
    update events e set notified_at = coalesce(e.notified_at, now())
    from unnest(${tenants}::text[], ${ids}::text[]) as k(tenant_id, event_id)
    where e.tenant_id = k.tenant_id and e.event_id = k.event_id`;
}

/** The stored record of one event of a tenant, or undefined when it is not persisted (yet). */
export async function getEvent(sql: Sql, key: EventKey): Promise<StoredRecord | undefined> {
  const [row] = await sql<EventRow[]>`
    select ${recordColumns(sql)} from events
    where tenant_id = ${key.tenant_id} and event_id = ${key.event_id}`;
  return row ? toStoredRecord(row) : undefined;
}
