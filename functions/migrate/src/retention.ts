import type { S3Client } from '@aws-sdk/client-s3';
import { purgeExpiredEvents, type Sql, tenantsWithEvents } from '@fluxa/db';
import type { Logger } from '@fluxa/logging';
import { deletePayloads } from '@fluxa/storage';

/** Events per delete statement: a short transaction the processor never waits on. */
const retentionBatchSize = 10_000;

/** The retention settings: a default (or none: forever) and per-tenant overrides. */
export interface RetentionSettings {
  eventRetentionDays?: number;
  tenantRetentionDays: Record<string, number>;
}

/** What a retention purge did. */
export interface RetentionReport {
  eventsDeleted: number;
  objectsDeleted: number;
}

const dayMs = 24 * 60 * 60 * 1000;

/**
 * Deletes, tenant by tenant, the events stored longer ago than the tenant's retention (its
 * override, else the default; none: kept forever), oldest first, in short statements that skip
 * what the processor holds, until none is due or the deadline passed; then deletes the payload
 * objects of those that were in S3 (rows first: an object a crash leaves behind expires under
 * the bucket's lifecycle rule, aligned with the retention).
 */
export async function purgeRetention(
  deps: { sql: Sql; s3: () => Promise<S3Client>; bucket?: string; logger: Logger },
  settings: RetentionSettings,
  deadline: number,
): Promise<RetentionReport> {
  const report: RetentionReport = { eventsDeleted: 0, objectsDeleted: 0 };
  for (const tenantId of await tenantsWithEvents(deps.sql)) {
    const days = settings.tenantRetentionDays[tenantId] ?? settings.eventRetentionDays;
    if (days === undefined) continue;
    const cutoff = new Date(Date.now() - days * dayMs).toISOString();
    for (;;) {
      if (Date.now() >= deadline) return report;
      const { deleted, s3Keys } = await purgeExpiredEvents(deps.sql, {
        tenantId,
        cutoff,
        limit: retentionBatchSize,
      });
      report.eventsDeleted += deleted;
      report.objectsDeleted += await deleteObjects(deps, s3Keys);
      if (deleted < retentionBatchSize) break;
    }
  }
  return report;
}

async function deleteObjects(
  deps: { s3: () => Promise<S3Client>; bucket?: string; logger: Logger },
  keys: string[],
): Promise<number> {
  if (keys.length === 0 || !deps.bucket) return 0;
  try {
    return await deletePayloads(await deps.s3(), deps.bucket, keys);
  } catch (error) {
    deps.logger.warn(
      { err: error, objects: keys.length },
      'expired payload objects not deleted; the bucket lifecycle rule expires them',
    );
    return 0;
  }
}
