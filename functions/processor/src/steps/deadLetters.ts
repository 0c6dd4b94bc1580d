import { sendToDeadLetterQueue } from '@fluxa/queue';
import type { ProcessorDeps } from '../deps';
import { outcomeOf, type StepOutcome } from '../outcome';
import { type DeadRecord, originalMessage, receiveCount } from '../records';

/** The DLQ takes messages (and whole batches) up to its maximum message size. */
const dlqMaxBatchBytes = 262_144;

/**
 * Sends records given up to the DLQ with their reason: done are the letters sent; a failed
 * send is retried, never dropped.
 */
export async function deadLetterStep(
  deps: Pick<ProcessorDeps, 'sqs' | 'config'>,
  dead: DeadRecord[],
): Promise<StepOutcome<DeadRecord>> {
  const outcome = outcomeOf<DeadRecord>();
  if (dead.length === 0) return outcome;
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
  dead.forEach((d, index) => {
    const sent = outcomes[index];
    if (sent?.ok) outcome.done.push(d);
    else {
      const error = `${d.code}: ${d.reason} (the DLQ send failed: ${sent?.reason ?? 'unknown'})`;
      outcome.retry.push({ record: d.record, code: 'DLQ_SEND', error });
    }
  });
  return outcome;
}
