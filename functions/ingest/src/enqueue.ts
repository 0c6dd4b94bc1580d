import type { Logger } from '@fluxa/logging';
import { sendMessages } from '@fluxa/queue';
import { putPayload } from '@fluxa/storage';
import type { IngestDeps } from './deps';
import type { PreparedEvent } from './prepare';

/** What became of one prepared event: on the queue, or not (and then nothing points at it). */
export type EnqueueOutcome = { ok: true } | { ok: false; reason: string };

/**
 * Puts an over-the-limit payload in S3 (a conditional put under a key unique to its bytes: it
 * never replaces an object, and an identical resend finds its own), before the message that
 * points at it is sent.
 */
async function storeLargePayload(
  prepared: PreparedEvent,
  deps: Pick<IngestDeps, 's3' | 'metrics'>,
): Promise<void> {
  if (!prepared.s3Object) {
    deps.metrics.count('payload_inline_count');
    return;
  }
  const { bucket, key, payload, sha256 } = prepared.s3Object;
  await putPayload(await deps.s3(), { bucket, key }, payload, sha256);
  deps.metrics.count('s3_puts');
  deps.metrics.count('payload_s3_count');
}

/**
 * Enqueues prepared events, for POST /events (one) and POST /events/batch (many) alike: stores
 * the large payloads first, then sends every message whose payload is in place with
 * SendMessageBatch (10 per call, the calls concurrent). An outcome per event, in order; a
 * failure is logged and fails that event alone.
 */
export async function enqueue(
  prepared: PreparedEvent[],
  deps: IngestDeps,
  logger: Logger,
): Promise<EnqueueOutcome[]> {
  const stored = await Promise.all(
    prepared.map((event) =>
      storeLargePayload(event, deps).then(
        () => true,
        (error: unknown) => {
          logger.error({ err: error, event_id: event.eventId }, 'payload store failed');
          return false;
        },
      ),
    ),
  );
  const sendable = prepared.filter((_, i) => stored[i]);
  const sent = await sendMessages(
    deps.sqs,
    deps.config.queueUrl,
    sendable.map((event) => event.message),
    deps.config.sqsMaxMessageBytes,
  );
  const outcomes = new Map(sendable.map((event, i) => [event, sent[i]]));
  return prepared.map((event): EnqueueOutcome => {
    const outcome = outcomes.get(event);
    if (outcome?.ok) return { ok: true };
    const reason = outcome?.reason ?? 'payload store failed';
    logger.error({ event_id: event.eventId, reason }, 'enqueue failed');
    return { ok: false, reason };
  });
}
