import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { ProcessorDeps } from './deps';
import { backoffStep } from './steps/backoff';
import { conflictsStep } from './steps/conflicts';
import { separateCopies, settleCopies } from './steps/copies';
import { deadLetterStep } from './steps/deadLetters';
import { decodeRecords } from './steps/decode';
import { lastReceiveStep } from './steps/lastReceive';
import { notifyStep } from './steps/notify';
import { persistStep } from './steps/persist';
import { reportBatch } from './steps/report';

/**
 * Processes one SQS batch: decode and verify every record, store the new events exactly once
 * (one statement on the fast path; rows the database refuses isolated on the slow path), settle
 * later copies of an event against its stored row, publish the new events' notifications from
 * their stored rows, judge records on their last allowed receive against what is stored, and
 * dead-letter what was given up with its reason, and back off what is retried. Each step returns one outcome shape (done,
 * dead, retry); this folds them. Returns only the records to retry, so SQS redelivers those and
 * deletes the rest.
 */
export function createProcessor(deps: ProcessorDeps) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const started = performance.now();
    const decoded = await decodeRecords(event.Records, deps.s3);
    const { primaries, copies } = separateCopies(decoded.done);
    const persisted = await persistStep(deps, primaries, decoded.dead);
    const settled = settleCopies(copies, persisted);
    await conflictsStep(deps, persisted.sql, [...persisted.dead, ...settled.dead]);
    const notified = await notifyStep(deps, persisted.sql, persisted.done);
    const last = await lastReceiveStep(
      persisted.sql,
      [...decoded.retry, ...persisted.retry, ...settled.retry],
      persisted.held,
      deps.config.maxReceiveCount,
      deps.logger,
    );
    const letters = await deadLetterStep(deps, [
      ...decoded.dead,
      ...persisted.dead,
      ...settled.dead,
      ...last.dead,
    ]);
    const retried = [...last.retry, ...letters.retry];
    await backoffStep(deps, retried);
    await reportBatch(deps, {
      records: event.Records.length,
      stored: persisted.done.filter((p) => p.record).map((p) => p.item),
      duplicates: [
        ...persisted.done.filter((p) => !p.record).map((p) => p.item),
        ...settled.done,
        ...last.done,
      ],
      notified,
      deadLettered: letters.done,
      retried,
      dbLatencyMs: persisted.elapsedMs,
      elapsedMs: performance.now() - started,
    });
    return { batchItemFailures: retried.map((r) => ({ itemIdentifier: r.record.messageId })) };
  };
}
