import { sendToDeadLetterQueue } from '@fluxa/queue';
import type { ProcessorDeps } from '../deps';
import { type DeadRecord, originalMessage, type RetryRecord, receiveCount } from '../records';

/** The DLQ takes messages (and whole batches) up to its maximum message size. */
const dlqMaxBatchBytes = 262_144;

/** Which dead letters reached the DLQ, and which must be retried because the send failed. */
export interface DeadLetterOutcome {
  sent: DeadRecord[];
  retry: RetryRecord[];
}

/** Sends records given up to the DLQ with their reason; a failed send is retried, never dropped. */
export async function deadLetterStep(
  deps: Pick<ProcessorDeps, 'sqs' | 'config'>,
  dead: DeadRecord[],
): Promise<DeadLetterOutcome> {
  if (dead.length === 0) return { sent: [], retry: [] };
  const outcomes = await sendToDeadLetterQueue(
    deps.sqs,
    deps.config.dlqUrl,
    dead.map((d) => ({
      original: originalMessage(d.record),
      errorCode: d.code,
      errorMessage: d.reason,
      sourceMessageId: d.record.messageId,
      failedAt: new Date(),
      receiveCount: receiveCount(d.record),
    })),
    dlqMaxBatchBytes,
  );
  const outcome: DeadLetterOutcome = { sent: [], retry: [] };
  dead.forEach((d, index) => {
    const sent = outcomes[index];
    if (sent?.ok) outcome.sent.push(d);
    else {
      const error = `${d.code}: ${d.reason} (the DLQ send failed: ${sent?.reason ?? 'unknown'})`;
      outcome.retry.push({ record: d.record, code: 'DLQ_SEND', error });
    }
  });
  return outcome;
}
