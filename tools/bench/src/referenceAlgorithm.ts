import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Sql } from '@fluxa/db';
import { canonicalJson, type PersistedEvent, parseJson, validateEvent } from '@fluxa/models';
import { decodeEnvelope } from '@fluxa/queue';
import { sha256Hex } from '@fluxa/storage';
import type { SQSEvent, SQSRecord } from 'aws-lambda';

export interface ReferenceDeps {
  sql: Sql;
  sns: SNSClient;
  topicArn: string;
  claimLeaseSeconds: number;
}

/** The row an INLINE record carries, decoded and verified: envelope, hash, event rules. */
function decode(record: SQSRecord): PersistedEvent {
  const envelope = decodeEnvelope(record.body);
  const payload = envelope.payload_inline ?? '';
  if (sha256Hex(payload) !== envelope.payload_sha256) throw new Error('hash mismatch');
  const parsed = parseJson(payload);
  const checked = parsed.ok
    ? validateEvent(parsed.value, { now: new Date(envelope.received_at), inexact: parsed.inexact })
    : undefined;
  if (!checked?.ok) throw new Error(`${envelope.event_id}: not a valid event`);
  const { user_id, amount, currency, merchant, timestamp, metadata } = checked.event;
  return {
    ...{ tenant_id: envelope.tenant_id, event_id: envelope.event_id },
    ...{ correlation_id: envelope.correlation_id, user_id, amount, currency, merchant, timestamp },
    metadata: (metadata as Record<string, unknown> | undefined) ?? null,
    payload_mode: envelope.payload_mode,
    payload_sha256: envelope.payload_sha256,
    received_at: envelope.received_at,
  };
}

/**
 * The Go reference's per-event algorithm, re-implemented as the processor
 * benchmark's baseline: for each record, decode and verify it (envelope, hash, the event rules),
 * then BEGIN; `SELECT … FOR UPDATE` its idempotency key; insert or update the
 * key; COMMIT; insert the event; mark the key `success`; one SNS Publish.
 * Four round trips and three commits (three WAL flushes) per event, plus one
 * SNS call — what our batch claim / one-transaction persist / PublishBatch replace.
 * Its rows carry `notified_at` (same statement, no extra cost): the reference has
 * no such column, and nulls would swell our partial `events_unnotified_idx`,
 * which the processor sharing this database would then pay for.
 */
export function createReferenceProcessor(deps: ReferenceDeps) {
  const { sql, sns, topicArn, claimLeaseSeconds } = deps;
  return async (event: SQSEvent): Promise<{ stored: number; duplicates: number }> => {
    let stored = 0;
    let duplicates = 0;
    for (const record of event.Records) {
      const row = decode(record);
      const claimed = await sql.begin(async (tx) => {
        const [key] = await tx<{ status: string }[]>`
          select status from idempotency_keys
          where tenant_id = ${row.tenant_id} and event_id = ${row.event_id} for update`;
        if (key?.status === 'success') return false;
        if (key) {
          await tx`
            update idempotency_keys
            set status = 'processing', attempts = attempts + 1, last_seen_at = now(),
                payload_sha256 = ${row.payload_sha256},
                locked_until = now() + make_interval(secs => ${claimLeaseSeconds})
            where tenant_id = ${row.tenant_id} and event_id = ${row.event_id}`;
        } else {
          await tx`
            insert into idempotency_keys (tenant_id, event_id, status, payload_sha256, locked_until)
            values (${row.tenant_id}, ${row.event_id}, 'processing', ${row.payload_sha256},
                    now() + make_interval(secs => ${claimLeaseSeconds}))`;
        }
        return true;
      });
      if (!claimed) {
        duplicates += 1;
        continue;
      }
      await sql`
        insert into events (tenant_id, event_id, correlation_id, user_id, amount, currency, merchant, ts,
                            metadata, payload_mode, s3_key, payload_sha256, received_at,
                            notified_at)
        values (${row.tenant_id}, ${row.event_id}, ${row.correlation_id}, ${row.user_id}, ${String(row.amount)}::numeric,
                ${row.currency}, ${row.merchant}, ${row.timestamp}::timestamptz,
                ${row.metadata ? JSON.stringify(row.metadata) : null}::jsonb, ${row.payload_mode},
                ${row.s3_key ?? null}, ${row.payload_sha256}, ${row.received_at}::timestamptz,
                now())
        on conflict (tenant_id, event_id) do nothing`;
      await sql`
        update idempotency_keys set status = 'success'
        where tenant_id = ${row.tenant_id} and event_id = ${row.event_id}`;
      await sns.send(
        new PublishCommand({
          TopicArn: topicArn,
          Message: canonicalJson(row),
          MessageAttributes: { event_id: { DataType: 'String', StringValue: row.event_id } },
        }),
      );
      stored += 1;
    }
    return { stored, duplicates };
  };
}
