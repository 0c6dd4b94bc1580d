import type { Sql } from '@fluxa/db';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { columnsOf, rawInsert } from './rawInsertCeiling';
import type { createReferenceProcessor } from './referenceAlgorithm';

/** One way of persisting the same events, timed batch by batch. */
export interface Variant {
  /** Its key in the result file: `ours_b100`, `reference`, `ceiling_b10`. */
  key: string;
  batchSize: number;
  /** Events per measured run. */
  eventsPerRun: number;
  /** The timed work, one call per batch, prepared before the clock starts. */
  prepare(batches: SQSEvent[]): Array<() => Promise<void>>;
}

/** The batch size the reference is fed (its algorithm is per event whatever the batch). */
export const referenceBatchSize = 10;

/** Ours: `createProcessor`, which must report no failure on a clean batch. */
export function processorVariant(
  kind: 'ours',
  processor: (batch: SQSEvent) => Promise<SQSBatchResponse>,
  batchSize: number,
  eventsPerRun: number,
): Variant {
  return {
    key: `${kind}_b${batchSize}`,
    batchSize,
    eventsPerRun,
    prepare: (batches) =>
      batches.map((batch) => async () => {
        const { batchItemFailures } = await processor(batch);
        if (batchItemFailures.length > 0) {
          throw new Error(
            `processor reported ${batchItemFailures.length} failures in a clean batch`,
          );
        }
      }),
  };
}

/** The reference per-event algorithm, which must store every event of a batch. */
export function referenceVariant(
  reference: ReturnType<typeof createReferenceProcessor>,
  eventsPerRun: number,
): Variant {
  return {
    key: 'reference',
    batchSize: referenceBatchSize,
    eventsPerRun,
    prepare: (batches) =>
      batches.map((batch) => async () => {
        const { stored } = await reference(batch);
        if (stored !== batch.Records.length) throw new Error('reference stored fewer events');
      }),
  };
}

/** The raw-insert ceiling: the batch's rows are read ahead, only the insert is timed. */
export function ceilingVariant(pool: Sql, batchSize: number, eventsPerRun: number): Variant {
  return {
    key: `ceiling_b${batchSize}`,
    batchSize,
    eventsPerRun,
    prepare: (batches) => batches.map(columnsOf).map((columns) => () => rawInsert(pool, columns)),
  };
}
