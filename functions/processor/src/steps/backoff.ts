import { ChangeMessageVisibilityBatchCommand } from '@aws-sdk/client-sqs';
import { sqsMaxEntriesPerCall } from '@fluxa/queue';
import type { ProcessorDeps } from '../deps';
import { type RetryRecord, receiveCount } from '../records';

/** SQS's longest visibility timeout: 12 hours. */
const maxVisibilitySeconds = 43_200;

/**
 * How long a record stays invisible after its `receive`-th failed receive: the base doubled on
 * each receive, capped, with equal jitter (between half and all of it), so records that failed
 * together do not all come back together. With the default 60 s base, 1,800 s cap and ten
 * receives, the budget before a record is given up spans at least 75 minutes.
 */
export function retryDelaySeconds(
  receive: number,
  settings: { baseSeconds: number; maxSeconds: number },
  random: () => number = Math.random,
): number {
  const full = Math.min(settings.maxSeconds, settings.baseSeconds * 2 ** (receive - 1));
  const delay = Math.ceil(full / 2 + (random() * full) / 2);
  return Math.min(maxVisibilitySeconds, Math.max(1, delay));
}

/**
 * Backs off every record handed back to SQS: sets its visibility to {@link retryDelaySeconds}
 * of its receive count (ChangeMessageVisibilityBatch, ten per call, the calls concurrent), so a
 * long outage spends receives slowly instead of the queue's fixed visibility timeout. Best
 * effort: a record whose change failed comes back after the queue's visibility timeout.
 */
export async function backoffStep(
  deps: Pick<ProcessorDeps, 'sqs' | 'config' | 'logger'>,
  retry: RetryRecord[],
): Promise<void> {
  const settings = {
    baseSeconds: deps.config.retryBackoffBaseSeconds,
    maxSeconds: deps.config.retryBackoffMaxSeconds,
  };
  const calls = Array.from({ length: Math.ceil(retry.length / sqsMaxEntriesPerCall) }, (_, i) =>
    retry.slice(i * sqsMaxEntriesPerCall, (i + 1) * sqsMaxEntriesPerCall),
  );
  const results = await Promise.allSettled(
    calls.map((records) =>
      deps.sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: deps.config.queueUrl,
          Entries: records.map(({ record }, index) => ({
            Id: String(index),
            ReceiptHandle: record.receiptHandle,
            VisibilityTimeout: retryDelaySeconds(receiveCount(record), settings),
          })),
        }),
      ),
    ),
  );
  const failed = results.filter((r) => r.status === 'rejected').length;
  if (failed > 0) {
    deps.logger.warn({ calls: failed }, 'could not back off retried records; they return sooner');
  }
}
