import type { Sql } from '@fluxa/db';
import type { EventInput, QueueEnvelope } from '@fluxa/models';
import type { SQSEvent } from 'aws-lambda';

/** The rows of a batch as column arrays: what one `unnest` insert takes. */
export interface EventColumns {
  eventId: string[];
  correlationId: string[];
  userId: string[];
  amount: string[];
  currency: string[];
  merchant: string[];
  ts: string[];
  metadata: (string | null)[];
  payloadMode: string[];
  payloadSha256: string[];
  receivedAt: string[];
}

/**
 * The rows a batch of records carries, read ahead of the timed section with no
 * validation, hashing or idempotency: the input of the raw-insert ceiling.
 */
export function columnsOf(batch: SQSEvent): EventColumns {
  const columns: EventColumns = {
    eventId: [],
    correlationId: [],
    userId: [],
    amount: [],
    currency: [],
    merchant: [],
    ts: [],
    metadata: [],
    payloadMode: [],
    payloadSha256: [],
    receivedAt: [],
  };
  for (const record of batch.Records) {
    const envelope = JSON.parse(record.body) as QueueEnvelope;
    const event = JSON.parse(envelope.payload_inline ?? '{}') as EventInput;
    columns.eventId.push(envelope.event_id);
    columns.correlationId.push(envelope.correlation_id);
    columns.userId.push(event.user_id);
    columns.amount.push(String(event.amount));
    columns.currency.push(event.currency);
    columns.merchant.push(event.merchant);
    columns.ts.push(event.timestamp);
    columns.metadata.push(event.metadata === undefined ? null : JSON.stringify(event.metadata));
    columns.payloadMode.push(envelope.payload_mode);
    columns.payloadSha256.push(envelope.payload_sha256);
    columns.receivedAt.push(envelope.received_at);
  }
  return columns;
}

/**
 * The ceiling: the same rows inserted by one set-based statement per batch
 * (`insert … select … from unnest(…)`, one commit), with no claim, no
 * notification and no logic — what PostgreSQL alone can persist at this batch size.
 * Rows are stored notified (`notified_at = received_at`) so they stay out of the
 * partial unnotified index the processor on the same database reads.
 */
export async function rawInsert(sql: Sql, c: EventColumns): Promise<void> {
  await sql`
    insert into events (event_id, correlation_id, user_id, amount, currency, merchant, ts,
                        metadata, payload_mode, payload_sha256, received_at, notified_at)
    select u.event_id, u.correlation_id, u.user_id, u.amount::numeric, u.currency, u.merchant,
           u.ts::timestamptz, u.metadata::jsonb, u.payload_mode, u.payload_sha256,
           u.received_at::timestamptz, u.received_at::timestamptz
    from unnest(${c.eventId}::text[], ${c.correlationId}::text[], ${c.userId}::text[],
                ${c.amount}::text[], ${c.currency}::text[], ${c.merchant}::text[], ${c.ts}::text[],
                ${c.metadata}::text[], ${c.payloadMode}::text[], ${c.payloadSha256}::text[],
                ${c.receivedAt}::text[])
      as u(event_id, correlation_id, user_id, amount, currency, merchant, ts, metadata,
           payload_mode, payload_sha256, received_at)`;
}
