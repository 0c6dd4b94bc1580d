import type { Metrics } from '@fluxa/metrics';
import type { ProcessorDeps } from '../deps';
import type { DeadRecord, RetryRecord } from '../records';
import type { NotifyResult } from './notify';

/** What one batch came to, for its metrics and log lines. */
export interface BatchReport {
  records: number;
  /** Events this batch stored. */
  stored: number;
  /** Records of events stored before (or by an earlier copy in the batch) with this payload. */
  duplicates: number;
  notified: NotifyResult;
  /** Dead letters sent. */
  deadLettered: DeadRecord[];
  /** Records handed back to SQS. */
  retried: RetryRecord[];
  dbLatencyMs: number;
  elapsedMs: number;
}

function countByCode(metrics: Metrics, records: readonly { code: string }[]): void {
  for (const [code, group] of Map.groupBy(records, (r) => r.code)) {
    metrics.count('processed_failure', group.length, { error: code });
  }
}

/** Emits the batch's metrics and log lines, then flushes the metrics (once per invocation). */
export async function reportBatch(
  deps: Pick<ProcessorDeps, 'metrics' | 'logger'>,
  report: BatchReport,
): Promise<void> {
  const { metrics, logger } = deps;
  metrics.count('processed_success', report.stored);
  metrics.count('processed_duplicate', report.duplicates);
  metrics.count('notify_published', report.notified.published);
  metrics.count('notify_owed', report.notified.owed);
  metrics.count('dlq_sent', report.deadLettered.length);
  countByCode(metrics, [...report.deadLettered, ...report.retried]);
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
