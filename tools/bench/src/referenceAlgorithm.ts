import type { S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Sql } from '@fluxa/db';
import { decodeRecord, notificationBody } from '@fluxa/processor';
import type { SQSEvent } from 'aws-lambda';

export interface ReferenceDeps {
  sql: Sql;
  sns: SNSClient;
  s3: S3Client;
  topicArn: string;
  claimLeaseSeconds: number;
}

/**
 * The Go reference's per-event algorithm, re-implemented as the processor
 * benchmark's baseline: for each record, decode and verify it exactly as our processor does,
 * then BEGIN; `SELECT … FOR UPDATE` its idempotency key; insert or update the
 * key; COMMIT; insert the event; mark the key `success`; one SNS Publish.
 * Four round trips and three commits (three WAL flushes) per event, plus one
 * SNS call — what our batch claim / one-transaction persist / PublishBatch replace.
 * Its rows carry `notified_at` (same statement, no extra cost): the reference has
 * no such column, and nulls would swell our partial `events_unnotified_idx`,
 * which the processor sharing this database would then pay for.
 */
export function createReferenceProcessor(deps: ReferenceDeps) {
  const { sql, sns, s3, topicArn, claimLeaseSeconds } = deps;
  return async (event: SQSEvent): Promise<{ stored: number; duplicates: number }> => {
    let stored = 0;
    let duplicates = 0;
    for (const record of event.Records) {
      const { event: row } = await decodeRecord(record, async () => s3);
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
          Message: notificationBody(row),
          MessageAttributes: { event_id: { DataType: 'String', StringValue: row.event_id } },
        }),
      );
      stored += 1;
    }
    return { stored, duplicates };
  };
}
