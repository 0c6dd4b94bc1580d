import type { S3Client } from '@aws-sdk/client-s3';
import type { MigrateConfig } from '@fluxa/config';
import { type PurgeOutcome, purgeSucceededKeys, type Sql } from '@fluxa/db';
import type { Logger } from '@fluxa/logging';
import type { Metrics } from '@fluxa/metrics';
import { type ErasuresReport, runErasures } from './erasures';
import { purgeRetention, type RetentionReport } from './retention';

/** Keys per delete statement: each a short transaction the processor never waits on. */
const keyPurgeBatchSize = 5_000;

/** The session lock that keeps two lifecycle runs from overlapping. */
const lifecycleLockKey = 0x4c494645; // "LIFE"

export interface LifecycleDeps {
  config: Pick<
    MigrateConfig,
    'idempotencyRetentionDays' | 'eventRetentionDays' | 'tenantRetentionDays' | 'payloadBucket'
  >;
  database: () => Promise<Sql>;
  /** For payload objects; built on first use. */
  s3: () => Promise<S3Client>;
  logger: Logger;
  metrics: Metrics;
}

/** What one lifecycle run did (`skipped`: another run held the lock). */
export interface LifecycleReport {
  skipped: boolean;
  erasures: ErasuresReport;
  retention: RetentionReport;
  keys: PurgeOutcome;
}

/**
 * The data lifecycle, run by the schedule every minute as the database owner (the only role
 * that deletes): pending erasures first (people asked), then the events past their retention,
 * then the idempotency keys past theirs — each until nothing is due or the run's time is up;
 * the next run goes on. Runs never overlap (a session advisory lock; a second run skips).
 */
export function createLifecycle(deps: LifecycleDeps) {
  return async (budgetMs: number): Promise<LifecycleReport> => {
    const deadline = Date.now() + budgetMs;
    const sql = await deps.database();
    const session = await sql.reserve();
    const empty: LifecycleReport = {
      skipped: true,
      erasures: { eventsDeleted: 0, objectsDeleted: 0, finished: 0 },
      retention: { eventsDeleted: 0, objectsDeleted: 0 },
      keys: { deleted: 0, batches: 0, complete: true },
    };
    try {
      const [lock] = await session<{ taken: boolean }[]>`
        select pg_try_advisory_lock(${lifecycleLockKey}) as taken`;
      if (!lock?.taken) return empty;
      try {
        const bucket = deps.config.payloadBucket;
        const erasures = await runErasures(sql, deps.s3, bucket, deadline);
        const retention = await purgeRetention(
          { sql, s3: deps.s3, logger: deps.logger, ...(bucket ? { bucket } : {}) },
          deps.config,
          deadline,
        );
        const keys = await purgeSucceededKeys(sql, {
          retentionDays: deps.config.idempotencyRetentionDays,
          batchSize: keyPurgeBatchSize,
          deadline,
        });
        return report(deps, { skipped: false, erasures, retention, keys });
      } finally {
        await session`select pg_advisory_unlock(${lifecycleLockKey})`.catch(() => undefined);
      }
    } finally {
      session.release();
    }
  };
}

async function report(
  deps: Pick<LifecycleDeps, 'logger' | 'metrics'>,
  done: LifecycleReport,
): Promise<LifecycleReport> {
  deps.metrics.count('events_erased', done.erasures.eventsDeleted);
  deps.metrics.count('events_expired', done.retention.eventsDeleted);
  deps.metrics.count('keys_purged', done.keys.deleted);
  deps.logger.info(
    {
      erasures: done.erasures,
      retention: done.retention,
      keys: done.keys,
    },
    'lifecycle run done',
  );
  await deps.metrics.flush();
  return done;
}
