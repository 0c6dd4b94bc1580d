import type { PersistedEvent, StoredRecord } from '@fluxa/models';
import type { Sql, SqlOrTx } from './client';
import { utcText } from './utcText';

/**
 * Inserts a batch in one statement; rows whose event_id exists are left alone
 * (the first payload wins). Returns the ids actually inserted.
 */
export async function insertEvents(sql: SqlOrTx, events: PersistedEvent[]): Promise<string[]> {
  if (events.length === 0) return [];
  const rows = events.map((e) => ({ ...e, s3_key: e.s3_key ?? null }));
  const inserted = await sql<{ event_id: string }[]>`
    insert into events (event_id, correlation_id, user_id, amount, currency, merchant, ts,
                        metadata, payload_mode, s3_key, payload_sha256, received_at)
    select r.event_id, r.correlation_id, r.user_id, r.amount, r.currency, r.merchant, r.timestamp,
           r.metadata, r.payload_mode, r.s3_key, r.payload_sha256, r.received_at
    from jsonb_to_recordset(${sql.json(rows as never)}::jsonb) as r(
      event_id text, correlation_id text, user_id text, amount numeric, currency text,
      merchant text, timestamp timestamptz, metadata jsonb, payload_mode text, s3_key text,
      payload_sha256 text, received_at timestamptz)
    order by r.event_id
    on conflict (event_id) do nothing
    returning event_id`;
  return inserted.map((row) => row.event_id);
}

/** Of the given ids, those persisted but not yet published to SNS. */
export async function findUnnotified(sql: SqlOrTx, eventIds: string[]): Promise<string[]> {
  if (eventIds.length === 0) return [];
  // By primary key only: a `notified_at is null` predicate lets the planner pick the partial
  // events_unnotified_idx and scan the whole unnotified backlog (say, after an SNS outage),
  // slowing every batch exactly when the processor must catch up.
  const rows = await sql<{ event_id: string; notified: boolean }[]>`
    select event_id, notified_at is not null as notified from events
    where event_id = any(${eventIds}::text[])`;
  return rows.filter((row) => !row.notified).map((row) => row.event_id);
}

/** Records that these events' SNS notifications were published. */
export async function markNotified(sql: SqlOrTx, eventIds: string[]): Promise<void> {
  if (eventIds.length === 0) return;
  await sql`
    update events set notified_at = coalesce(notified_at, now())
    where event_id = any(${eventIds}::text[])`;
}

interface EventRow {
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
  select event_id, correlation_id, user_id, amount::text as amount, currency, merchant,
         ${sql.unsafe(utcText('ts'))} as timestamp,
         metadata, payload_mode, s3_key, payload_sha256,
         ${sql.unsafe(utcText('received_at'))} as received_at,
         ${sql.unsafe(utcText('created_at'))} as created_at
  from events`;

/** Maps a row to the GET response (SPEC §4 field order): amount back to the JSON number that was sent. */
export function toStoredRecord(row: EventRow): StoredRecord {
  return {
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

/** The stored record of one event, or undefined when it is not persisted (yet). */
export async function getEvent(sql: Sql, eventId: string): Promise<StoredRecord | undefined> {
  const [row] = await sql<EventRow[]>`${selectRecord(sql)} where event_id = ${eventId}`;
  return row ? toStoredRecord(row) : undefined;
}

export { type EventRow, selectRecord };
