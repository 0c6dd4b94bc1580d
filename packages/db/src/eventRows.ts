import type { PersistedEvent, StoredRecord } from '@fluxa/models';
import type { SqlFragment, SqlOrTx } from './client';
import { utcText } from './utcText';

/** A row of `events` as {@link recordColumns} selects it: text where JSON would lose precision. */
export interface EventRow {
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

/**
 * The stored-record columns of `events` (an alias-free column list, for a `select` or a
 * `returning`): `amount` as exact text, instants as UTC RFC 3339 with microseconds.
 */
export const recordColumns = (sql: SqlOrTx) => sql`
  tenant_id, event_id, correlation_id, user_id, amount::text as amount, currency, merchant,
  ${sql.unsafe(utcText('ts'))} as timestamp,
  metadata, payload_mode, s3_key, payload_sha256,
  ${sql.unsafe(utcText('received_at'))} as received_at,
  ${sql.unsafe(utcText('created_at'))} as created_at`;

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

/**
 * The batch as a row source named `r`, one parameter for the whole batch: `… from
 * ${eventRecordset(sql, events)}`, with the columns {@link insertEventsFrom} reads.
 */
export function eventRecordset(sql: SqlOrTx, events: PersistedEvent[]) {
  const rows = events.map((e) => ({
    ...e,
    s3_key: e.s3_key ?? null,
    traceparent: e.traceparent ?? null,
  }));
  return sql`jsonb_to_recordset(${sql.json(rows as never)}::jsonb) as r(
      tenant_id text, event_id text, correlation_id text, user_id text, amount numeric,
      currency text, merchant text, timestamp timestamptz, metadata jsonb, payload_mode text,
      s3_key text, payload_sha256 text, received_at timestamptz, traceparent text)`;
}

/**
 * `insert into events … select … from <source>` where the source yields rows `r` shaped as
 * {@link eventRecordset}'s; rows whose (tenant, event id) exists are left alone (the first
 * stored payload wins). Returns the rows it inserted, as {@link recordColumns}: the row count
 * decides what was stored, never the caller's lease.
 */
export function insertEventsFrom(sql: SqlOrTx, source: SqlFragment) {
  return sql`
    insert into events (tenant_id, event_id, correlation_id, user_id, amount, currency, merchant,
                        ts, metadata, payload_mode, s3_key, payload_sha256, received_at,
                        traceparent)
    select r.tenant_id, r.event_id, r.correlation_id, r.user_id, r.amount, r.currency,
           r.merchant, r.timestamp, r.metadata, r.payload_mode, r.s3_key, r.payload_sha256,
           r.received_at, r.traceparent
    from ${source}
    order by r.tenant_id, r.event_id
    on conflict (tenant_id, event_id) do nothing
    returning ${recordColumns(sql)}`;
}
