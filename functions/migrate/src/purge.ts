import type { Sql } from '@fluxa/db';
import { type PurgeOutcome, purgeSucceededKeys } from '@fluxa/db';
import type { Logger } from '@fluxa/logging';

/** Keys per delete statement: each a short transaction (a few ms) the processor never waits on. */
const purgeBatchSize = 5_000;

/** Batches per run: at most 1,000,000 keys, well within the function's timeout; the next run goes on. */
const purgeMaxBatches = 200;

export interface PurgeDeps {
  database: () => Promise<Sql>;
  retentionDays: number;
  logger: Logger;
}

/**
 * The scheduled purge of idempotency keys: deletes `success` keys last seen more than
 * `retentionDays` ago, in batches, skipping keys under a lease or locked by the processor.
 * Run as the migrate function (the database owner): the processor's role cannot delete.
 */
export function createKeyPurge(deps: PurgeDeps) {
  return async (): Promise<PurgeOutcome> => {
    const started = performance.now();
    const outcome = await purgeSucceededKeys(await deps.database(), {
      retentionDays: deps.retentionDays,
      batchSize: purgeBatchSize,
      maxBatches: purgeMaxBatches,
    });
    deps.logger.info(
      {
        ...outcome,
        retention_days: deps.retentionDays,
        duration_ms: Math.round(performance.now() - started),
      },
      'idempotency keys purged',
    );
    return outcome;
  };
}
