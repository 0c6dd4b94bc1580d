import type { Metrics } from '@fluxa/metrics';
import type { SQSRecord } from 'aws-lambda';
import type { ProcessorDeps } from '../deps';
import { type DeadRecord, type RetryRecord, tenantOf } from '../records';
import type { NotifyResult } from './notify';

/** What one batch came to, for its metrics and log lines. */
export interface BatchReport {
  records: number;
  /** The records of the events this batch stored. */
  stored: readonly { record: SQSRecord }[];
  /** Records of events stored before (or by an earlier copy in the batch) with this payload. */
  duplicates: readonly { record: SQSRecord }[];
  notified: NotifyResult;
  /** Dead letters sent. */
  deadLettered: DeadRecord[];
  /** Records handed back to SQS. */
  retried: RetryRecord[];
  dbLatencyMs: number;
  elapsedMs: number;
}

type TenantCount = 'processed_success' | 'processed_duplicate' | 'dlq_sent';

/**
 * Counts records per tenant (and so in total); a zero when there are none, so the total has a
 * value every batch.
 */
function countByTenant(
  metrics: Metrics,
  name: TenantCount,
  records: readonly { record: SQSRecord }[],
): void {
  if (records.length === 0) metrics.count(name, 0);
  for (const [tenant_id, group] of Map.groupBy(records, (r) => tenantOf(r.record))) {
    metrics.count(name, group.length, tenant_id === undefined ? {} : { tenant_id });
  }
}

/** Counts failed records per error code and per tenant (and so in total). */
function countFailures(
  metrics: Metrics,
  records: readonly { code: string; record: SQSRecord }[],
): void {
  for (const [error, withCode] of Map.groupBy(records, (r) => r.code)) {
    for (const [tenant_id, group] of Map.groupBy(withCode, (r) => tenantOf(r.record))) {
      metrics.count('processed_failure', group.length, {
        error,
        ...(tenant_id === undefined ? {} : { tenant_id }),
      });
    }
  }
}

/** Emits the batch's metrics and log lines, then flushes the metrics (once per invocation). */
export async function reportBatch(
  deps: Pick<ProcessorDeps, 'metrics' | 'logger'>,
  report: BatchReport,
): Promise<void> {
  const { metrics, logger } = deps;
  countByTenant(metrics, 'processed_success', report.stored);
  countByTenant(metrics, 'processed_duplicate', report.duplicates);
  metrics.count('notify_published', report.notified.published);
  metrics.count('notify_owed', report.notified.owed);
  countByTenant(metrics, 'dlq_sent', report.deadLettered);
  countFailures(metrics, [...report.deadLettered, ...report.retried]);
  metrics.count('batch_item_failures', report.retried.length);
  if (report.dbLatencyMs > 0) metrics.timing('db_latency_ms', report.dbLatencyMs);
  metrics.timing('process_latency_ms', report.elapsedMs);
  for (const d of report.deadLettered) {
    logger.warn(
      {
        tenant_id: d.key?.tenant_id,
        event_id: d.key?.event_id,
        error_code: d.code,
        reason: d.reason,
      },
      'sent to DLQ',
    );
  }
  for (const [code, group] of Map.groupBy(report.retried, (r) => r.code)) {
    logger.warn(
      { err: group[0]?.error, reason: code, records: group.length },
      'records will be retried',
    );
  }
  logger.info({ records: report.records, failures: report.retried.length }, 'batch processed');
  await metrics.flush();
}
