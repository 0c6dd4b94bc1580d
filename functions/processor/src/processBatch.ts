import type { S3Client } from '@aws-sdk/client-s3';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { ProcessorConfig } from '@fluxa/config';
import { findUnnotified, insertEvents, markNotified, type Sql } from '@fluxa/db';
import { claim, complete, fail, release } from '@fluxa/idempotency';
import type { Logger } from '@fluxa/logging';
import type { Metrics } from '@fluxa/metrics';
import { PermanentError } from '@fluxa/models';
import { sendToDeadLetterQueue } from '@fluxa/queue';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { type DecodedRecord, decodeRecord, originalMessage } from './decodeRecord';
import { EventIdConflictError } from './errors';
import { publishNotifications } from './notify';

export interface ProcessorDeps {
  config: ProcessorConfig;
  /** The container's pool, opened on first use (credentials may come from Secrets Manager). */
  database: () => Promise<Sql>;
  sqs: SQSClient;
  sns: SNSClient;
  s3: S3Client;
  logger: Logger;
  metrics: Metrics;
}

interface DeadRecord {
  record: SQSRecord;
  error: PermanentError;
  eventId?: string;
  sha256?: string;
}

/**
 * Processes one SQS batch (SPEC §5): decode and verify every record, claim the
 * event ids, insert new events and mark them `success` in one transaction,
 * send permanent failures to the DLQ, publish notifications after commit.
 * Database round trips are constant per batch. Returns only the records that
 * failed transiently, so SQS redelivers those and deletes the rest.
 */
export function createProcessor(deps: ProcessorDeps) {
  const { config, logger, metrics } = deps;
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const started = performance.now();
    const transient = new Set<string>();
    const retry = (messageIds: string[], reason: string, error?: unknown) => {
      for (const id of messageIds) transient.add(id);
      metrics.count('processed_failure', messageIds.length, reason);
      if (error) logger.warn({ err: error, reason }, 'records will be retried');
    };
    const dead: DeadRecord[] = [];

    // 1. Decode: envelope, payload bytes, hash, schema.
    const decoded: DecodedRecord[] = [];
    await Promise.all(
      event.Records.map(async (record) => {
        try {
          decoded.push(await decodeRecord(record, deps.s3));
        } catch (error) {
          if (error instanceof PermanentError) dead.push({ record, error, ...identify(record) });
          else retry([record.messageId], 'PAYLOAD_READ', error);
        }
      }),
    );

    // 2. One claimant per event id; later copies in the batch follow it or retry.
    const primaries = new Map<string, DecodedRecord>();
    const copies: DecodedRecord[] = [];
    for (const item of decoded) {
      if (primaries.has(item.event.event_id)) copies.push(item);
      else primaries.set(item.event.event_id, item);
    }
    const recordById = new Map(event.Records.map((r) => [r.messageId, r]));
    const done = new Set<string>(); // event ids stored (now or before) with this payload

    let sql: Sql;
    try {
      sql = await deps.database();
    } catch (error) {
      retry(
        event.Records.map((r) => r.messageId),
        'DB_UNAVAILABLE',
        error,
      );
      return finish();
    }

    // 3. Claim.
    const dbStarted = performance.now();
    let claimed: DecodedRecord[] = [];
    try {
      const outcomes = await claim(
        sql,
        [...primaries.values()].map((d) => ({
          eventId: d.event.event_id,
          sha256: d.event.payload_sha256,
        })),
        config.claimLeaseSeconds,
      );
      for (const item of primaries.values()) {
        const outcome = outcomes.get(item.event.event_id);
        if (outcome?.kind === 'claimed') claimed.push(item);
        else if (outcome?.kind === 'duplicate') {
          done.add(item.event.event_id);
          metrics.count('processed_duplicate');
        } else if (outcome?.kind === 'conflict') {
          const record = recordById.get(item.messageId) as SQSRecord;
          dead.push({ record, error: new EventIdConflictError(item.event.event_id) });
        } else retry([item.messageId], 'CLAIM_BUSY');
      }
    } catch (error) {
      retry(
        [...primaries.values()].map((d) => d.messageId),
        'DB_UNAVAILABLE',
        error,
      );
      claimed = [];
    }

    // 4. Persist claimed events and record permanent failures, atomically.
    const failures = dead
      .filter((d) => d.eventId !== undefined && !(d.error instanceof EventIdConflictError))
      .map((d) => ({
        eventId: d.eventId as string,
        sha256: d.sha256 ?? null,
        reason: `${d.error.code}: ${d.error.message}`,
      }));
    if (claimed.length > 0 || failures.length > 0) {
      try {
        const inserted = await sql.begin(async (tx) => {
          const ids = await insertEvents(
            tx,
            claimed.map((c) => c.event),
          );
          await complete(
            tx,
            claimed.map((c) => c.event.event_id),
          );
          await fail(tx, failures);
          return ids;
        });
        metrics.count('processed_success', inserted.length);
        for (const item of claimed) done.add(item.event.event_id);
      } catch (error) {
        retry(
          [...claimed.map((c) => c.messageId), ...dead.map((d) => d.record.messageId)],
          'DB_WRITE',
          error,
        );
        dead.length = 0;
        await release(
          sql,
          claimed.map((c) => c.event.event_id),
        ).catch((releaseError: unknown) =>
          logger.warn({ err: releaseError }, 'could not release claims; their leases will expire'),
        );
      }
    }
    metrics.timing('db_latency_ms', performance.now() - dbStarted);

    // 5. Permanent failures to the DLQ, with the reason; a failed send is retried, never dropped.
    if (dead.length > 0) {
      const outcomes = await sendToDeadLetterQueue(
        deps.sqs,
        config.dlqUrl,
        dead.map((d) => ({
          original: originalMessage(d.record),
          errorCode: d.error.code,
          errorMessage: d.error.message,
          sourceMessageId: d.record.messageId,
          failedAt: new Date(),
        })),
        262_144,
      );
      dead.forEach((d, i) => {
        if (outcomes[i]?.ok) {
          metrics.count('dlq_sent');
          metrics.count('processed_failure', 1, d.error.code);
          logger.warn(
            { event_id: d.eventId, error_code: d.error.code, reason: d.error.message },
            'sent to DLQ',
          );
        } else retry([d.record.messageId], 'DLQ_SEND', outcomes[i]);
      });
    }

    // 6. Notify after commit: new events, and stored ones whose earlier publish failed.
    const storedIds = [...done];
    try {
      const unnotified = new Set(await findUnnotified(sql, storedIds));
      const toPublish = [...primaries.values()].filter((d) => unnotified.has(d.event.event_id));
      const { published, failed } = await publishNotifications(
        deps.sns,
        config.topicArn,
        toPublish.map((d) => d.event),
      );
      metrics.count('notify_published', published.length);
      await markNotified(sql, published);
      if (failed.length > 0) {
        const failedIds = new Set(failed.map((f) => f.eventId));
        retry(
          toPublish.filter((d) => failedIds.has(d.event.event_id)).map((d) => d.messageId),
          'SNS_PUBLISH',
          failed,
        );
        await release(sql, [...failedIds]); // the redelivery publishes them
      }
    } catch (error) {
      retry(
        storedIds.map((id) => primaries.get(id)?.messageId ?? ''),
        'NOTIFY',
        error,
      );
    }

    // 7. Copies of an event in the same batch: done when the first copy is, else retried.
    for (const copy of copies) {
      const primary = primaries.get(copy.event.event_id);
      const sameOutcome = primary && copy.event.payload_sha256 === primary.event.payload_sha256;
      if (!sameOutcome || !done.has(copy.event.event_id) || transient.has(primary.messageId)) {
        retry([copy.messageId], 'IN_BATCH_DUPLICATE');
      } else metrics.count('processed_duplicate');
    }
    return finish();

    async function finish(): Promise<SQSBatchResponse> {
      const batchItemFailures = event.Records.filter((r) => transient.has(r.messageId)).map(
        (r) => ({
          itemIdentifier: r.messageId,
        }),
      );
      metrics.count('batch_item_failures', batchItemFailures.length);
      metrics.timing('process_latency_ms', performance.now() - started);
      logger.info(
        { records: event.Records.length, failures: batchItemFailures.length },
        'batch processed',
      );
      await metrics.flush();
      return { batchItemFailures };
    }
  };
}

/** The event id and hash an envelope claims, when it is readable enough to say. */
function identify(record: SQSRecord): { eventId?: string; sha256?: string } {
  try {
    const body: unknown = JSON.parse(record.body);
    if (typeof body !== 'object' || body === null) return {};
    const { event_id, payload_sha256 } = body as Record<string, unknown>;
    return {
      ...(typeof event_id === 'string' && event_id.length <= 128 ? { eventId: event_id } : {}),
      ...(typeof payload_sha256 === 'string' ? { sha256: payload_sha256 } : {}),
    };
  } catch {
    return {};
  }
}
