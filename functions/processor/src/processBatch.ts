import type { S3Client } from '@aws-sdk/client-s3';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { ProcessorConfig } from '@fluxa/config';
import type { Sql } from '@fluxa/db';
import type { Logger } from '@fluxa/logging';
import type { Metrics } from '@fluxa/metrics';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { BatchState } from './batchState';
import { claimPrimaries, notifyStored, persistClaimed, sendDeadLetters } from './steps';

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

/**
 * Processes one SQS batch (SPEC §5): decode and verify every record, claim the
 * event ids, insert new events and mark them `success` in one transaction,
 * send permanent failures to the DLQ, publish notifications after commit.
 * Database round trips are constant per batch. Returns only the records that
 * failed transiently, so SQS redelivers those and deletes the rest.
 */
export function createProcessor(deps: ProcessorDeps) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const started = performance.now();
    const batch = new BatchState(event.Records, deps);
    await batch.decode(deps.s3);
    const sql = await deps.database().catch((error: unknown) => {
      batch.retry(batch.allMessageIds(), 'DB_UNAVAILABLE', error);
      return undefined;
    });
    if (sql) {
      const dbStarted = performance.now();
      const claimed = await claimPrimaries(batch, sql);
      await persistClaimed(batch, sql, claimed);
      deps.metrics.timing('db_latency_ms', performance.now() - dbStarted);
      await sendDeadLetters(batch);
      await notifyStored(batch, sql);
      batch.settleCopies();
    }
    const batchItemFailures = batch.failures();
    deps.metrics.count('batch_item_failures', batchItemFailures.length);
    deps.metrics.timing('process_latency_ms', performance.now() - started);
    deps.logger.info(
      { records: event.Records.length, failures: batchItemFailures.length },
      'batch processed',
    );
    await deps.metrics.flush();
    return { batchItemFailures };
  };
}
