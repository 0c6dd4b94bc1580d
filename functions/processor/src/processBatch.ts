import { keyText, type Sql } from '@fluxa/db';
import type { Metrics } from '@fluxa/metrics';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { ProcessorDeps } from './deps';
import type { DeadRecord, DecodedRecord, RetryRecord } from './records';
import { claimStep } from './steps/claim';
import { separateCopies, settleCopies } from './steps/copies';
import { deadLetterStep } from './steps/deadLetters';
import { decodeRecords } from './steps/decode';
import { exhaustedRetries, markExhausted } from './steps/exhausted';
import { notifyStep } from './steps/notify';
import { storeStep } from './steps/store';
import { writeStep } from './steps/write';

/** What the database part of a batch decided. */
interface Persisted {
  sql?: Sql;
  /** Stored by this batch (new rows). */
  inserted: DecodedRecord[];
  /** Stored before with the same payload; `notified` false: its notification is owed. */
  duplicates: { item: DecodedRecord; notified: boolean }[];
  dead: DeadRecord[];
  retry: RetryRecord[];
}

/**
 * Connect, then claim and store in one statement; only when the database refused a row, claim
 * and write in two steps that isolate it. Each step returns what it decided; a failure
 * retries its records.
 */
async function persist(
  deps: ProcessorDeps,
  primaries: DecodedRecord[],
  deadBeforeClaim: DeadRecord[],
): Promise<Persisted> {
  const empty = { inserted: [], duplicates: [], dead: [] };
  let sql: Sql;
  try {
    sql = await deps.database();
  } catch (error) {
    const retry = primaries.map(
      (d): RetryRecord => ({ record: d.record, code: 'DB_UNAVAILABLE', error }),
    );
    return { ...empty, retry };
  }
  const started = performance.now();
  const lease = deps.config.claimLeaseSeconds;
  const stored = await storeStep(sql, primaries, deadBeforeClaim, lease);
  if (!stored.refused) {
    deps.metrics.timing('db_latency_ms', performance.now() - started);
    return {
      sql,
      inserted: stored.claimed,
      duplicates: stored.duplicates,
      dead: stored.conflicts,
      retry: stored.retry,
    };
  }
  const claims = await claimStep(sql, primaries, lease);
  const written = await writeStep(sql, claims.claimed, deadBeforeClaim);
  deps.metrics.timing('db_latency_ms', performance.now() - started);
  return {
    sql,
    inserted: written.stored,
    duplicates: claims.duplicates,
    dead: [...claims.conflicts, ...written.poison],
    retry: [...claims.retry, ...written.retry],
  };
}

function countByCode(metrics: Metrics, records: { code: string }[]): void {
  const counts = new Map<string, number>();
  for (const { code } of records) counts.set(code, (counts.get(code) ?? 0) + 1);
  for (const [code, count] of counts) metrics.count('processed_failure', count, code);
}

/**
 * Processes one SQS batch: decode and verify every record, claim the event ids, insert new
 * events and mark them `success` in one transaction (isolating rows the database refuses),
 * dead-letter permanent failures with their reason, publish notifications after commit, and
 * dead-letter — with the last error — records on their last allowed receive. Database round
 * trips are constant per batch when nothing is poison. Returns only the records to retry, so
 * SQS redelivers those and deletes the rest.
 */
export function createProcessor(deps: ProcessorDeps) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const started = performance.now();
    const decoded = await decodeRecords(event.Records, deps.s3);
    const { primaries, copies } = separateCopies(decoded.decoded);
    const persisted = await persist(deps, primaries, decoded.dead);
    const owed = [
      ...persisted.inserted,
      ...persisted.duplicates.filter((d) => !d.notified).map((d) => d.item),
    ];
    const notified = persisted.sql
      ? await notifyStep(deps, persisted.sql, owed)
      : { published: [], retry: [] };
    const retriedMessages = new Set(notified.retry.map((r) => r.record.messageId));
    const settledPrimaries = [...persisted.inserted, ...persisted.duplicates.map((d) => d.item)];
    const stored = new Map(
      settledPrimaries
        .filter((item) => !retriedMessages.has(item.record.messageId))
        .map((item) => [keyText(item.event), item.event.payload_sha256]),
    );
    const settled = settleCopies(copies, stored);
    const { exhausted, retry } = exhaustedRetries(
      [...decoded.retry, ...persisted.retry, ...notified.retry, ...settled.retry],
      deps.config.maxReceiveCount,
    );
    await markExhausted(persisted.sql, exhausted, deps.logger);
    const letters = await deadLetterStep(deps, [...decoded.dead, ...persisted.dead, ...exhausted]);
    const failures = [...retry, ...letters.retry];

    deps.metrics.count('processed_success', persisted.inserted.length);
    deps.metrics.count(
      'processed_duplicate',
      persisted.duplicates.length + settled.duplicates.length,
    );
    deps.metrics.count('notify_published', notified.published.length);
    deps.metrics.count('dlq_sent', letters.sent.length);
    countByCode(deps.metrics, [...letters.sent, ...failures]);
    for (const d of letters.sent) {
      deps.logger.warn(
        {
          tenant_id: d.key?.tenant_id,
          event_id: d.key?.event_id,
          error_code: d.code,
          reason: d.reason,
        },
        'sent to DLQ',
      );
    }
    for (const [code, group] of Map.groupBy(failures, (r) => r.code)) {
      deps.logger.warn(
        { err: group[0]?.error, reason: code, records: group.length },
        'records will be retried',
      );
    }
    deps.metrics.count('batch_item_failures', failures.length);
    deps.metrics.timing('process_latency_ms', performance.now() - started);
    deps.logger.info(
      { records: event.Records.length, failures: failures.length },
      'batch processed',
    );
    await deps.metrics.flush();
    return { batchItemFailures: failures.map((r) => ({ itemIdentifier: r.record.messageId })) };
  };
}
