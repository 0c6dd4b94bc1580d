import type { PersistedEvent, StoredRecord } from '@fluxa/models';
import type { Sql, SqlFragment, SqlOrTx } from './client';
import { utcText } from './utcText';

/** What identifies an event: its id is unique within its tenant. */
export interface EventKey {
  tenant_id: string;
  event_id: string;
}

/** The same key as text, for maps and sets (a tenant id never holds a space). */
export const keyText = (key: EventKey): string => `${key.tenant_id} ${key.event_id}`;

/** The keys as two parallel arrays, for `unnest`. */
export function keyArrays(keys: readonly EventKey[]): [string[], string[]] {
  return [keys.map((k) => k.tenant_id), keys.map((k) => k.event_id)];
}

/**
 * The batch as a row source named `r`, one parameter for the whole batch: `… from
 * ${eventRecordset(sql, events)}`, with the columns {@link insertEventsFrom} reads.
 */
export function eventRecordset(sql: SqlOrTx, events: PersistedEvent[]) {
  const rows = events.map((e) => ({ ...e, s3_key: e.s3_key ?? null }));
  return sql`jsonb_to_recordset(${sql.json(rows as never)}::jsonb) as r(
      tenant_id text, event_id text, correlation_id text, user_id text, amount numeric,
      currency text, merchant text, timestamp timestamptz, metadata jsonb, payload_mode text,
      s3_key text, payload_sha256 text, received_at timestamptz)`;
}

/**
 * `insert into events … select … from <source>` where the source yields rows `r` shaped as
 * {@link eventRecordset}'s; rows whose (tenant, event id) exists are left alone (the first
 * payload wins). A fragment, so a larger statement can insert what it decided on.
 */
export function insertEventsFrom(sql: SqlOrTx, source: SqlFragment) {
  return sql`
    insert into events (tenant_id, event_id, correlation_id, user_id, amount, currency, merchant,
                        ts, metadata, payload_mode, s3_key, payload_sha256, received_at)
    select r.tenant_id, r.event_id, r.correlation_id, r.user_id, r.amount, r.currency,
           r.merchant, r.timestamp, r.metadata, r.payload_mode, r.s3_key, r.payload_sha256,
           r.received_at
    from ${source}
    order by r.tenant_id, r.event_id
    on conflict (tenant_id, event_id) do nothing
    returning tenant_id, event_id`;
}

/**
 * Inserts a batch in one statement; rows whose (tenant, event id) exists are left alone
 * (the first payload wins). Returns the keys actually inserted.
 */
export async function insertEvents(sql: SqlOrTx, events: PersistedEvent[]): Promise<EventKey[]> {
  if (events.length === 0) return [];
  return sql<EventKey[]>`${insertEventsFrom(sql, eventRecordset(sql, events))}`;
}

/** Of the given events, those persisted but not yet published to SNS. */
export async function findUnnotified(sql: SqlOrTx, keys: EventKey[]): Promise<EventKey[]> {
  if (keys.length === 0) return [];
  const [tenants, ids] = keyArrays(keys);
  // By primary key only: a `notified_at is null` predicate lets the planner pick the partial
  // events_unnotified_idx and scan the whole unnotified backlog (say, after an SNS outage),
  // slowing every batch exactly when the processor must catch up.
  const rows = await sql<(EventKey & { notified: boolean })[]>`
    select e.tenant_id, e.event_id, e.notified_at is not null as notified
    from events e
    join unnest(${tenants}::text[], ${ids}::text[]) as k(tenant_id, event_id)
      on e.tenant_id = k.tenant_id and e.event_id = k.event_id`;
  return rows
    .filter((row) => !row.notified)
    .map(({ tenant_id, event_id }) => ({ tenant_id, event_id }));
}

/** Records that these events' SNS notifications were published. */
export async function markNotified(sql: SqlOrTx, keys: EventKey[]): Promise<void> {
  if (keys.length === 0) return;
  const [tenants, ids] = keyArrays(keys);
  await sql`
    update events e set notified_at = coalesce(e.notified_at, now())
    from unnest(${tenants}::text[], ${ids}::text[]) as k(tenant_id, event_id)
    where e.tenant_id = k.tenant_id and e.event_id = k.event_id`;
}

interface EventRow {
  tenant_id: string;
  event_id: string;
  correlation_id: string;
  user_id: string;
  amount: string;
  currency: string;
  merchant: string;
  timestamp: string;
  metadata: Record<string, unknown> | null;
  payload_mode: 'INLINE' | 'S3';
  s3_key: string | null;
  payload_sha256: string;
  received_at: string;
  created_at: string;
}

/** The stored-record columns (timestamps through utcText). */
const selectRecord = (sql: SqlOrTx) => sql`
  select tenant_id, event_id, correlation_id, user_id, amount::text as amount, currency, merchant,
         ${sql.unsafe(utcText('ts'))} as timestamp,
         metadata, payload_mode, s3_key, payload_sha256,
         ${sql.unsafe(utcText('received_at'))} as received_at,
         ${sql.unsafe(utcText('created_at'))} as created_at
  from events`;

/** Maps a row to the GET response (the documented field order): amount back to the JSON number that was sent. */
export function toStoredRecord(row: EventRow): StoredRecord {
  return {
    tenant_id: row.tenant_id,
    event_id: row.event_id,
    correlation_id: row.correlation_id,
    user_id: row.user_id,
    amount: Number(row.amount),
    currency: row.currency,
    merchant: row.merchant,
    timestamp: row.timestamp,
    metadata: row.metadata,
    payload_mode: row.payload_mode,
    ...(row.s3_key === null ? {} : { s3_key: row.s3_key }),
    payload_sha256: row.payload_sha256,
    received_at: row.received_at,
    created_at: row.created_at,
  };
}

/** The stored record of one event of a tenant, or undefined when it is not persisted (yet). */
export async function getEvent(sql: Sql, key: EventKey): Promise<StoredRecord | undefined> {
  const [row] = await sql<EventRow[]>`
    ${selectRecord(sql)} where tenant_id = ${key.tenant_id} and event_id = ${key.event_id}`;
  return row ? toStoredRecord(row) : undefined;
}

export { type EventRow, selectRecord };
