import { createHash } from 'node:crypto';
import { waitUntil } from '@fluxa/local-runtime';
import type { QueueEnvelope } from '@fluxa/models';
import { encodeEnvelope, inlineEnvelope, s3Envelope, sendMessage } from '@fluxa/queue';
import type { HarnessContext } from './context';

/** The hex SHA-256 of `payload`, as ingest records it in the envelope. */
export const sha256Of = (payload: string) => createHash('sha256').update(payload).digest('hex');

/**
 * The envelope ingest would write for `payload` of the tenant's event — INLINE, or S3 at `location` — with the
 * payload's true hash unless `sha256` says otherwise (tampering).
 */
export function envelopeOf(
  tenantId: string,
  eventId: string,
  payload: string,
  options: { sha256?: string; location?: { bucket: string; key: string } } = {},
): QueueEnvelope {
  const accepted = {
    tenantId,
    eventId,
    correlationId: eventId,
    payload,
    sha256: options.sha256 ?? sha256Of(payload),
    receivedAt: new Date(),
  };
  return options.location ? s3Envelope(accepted, options.location) : inlineEnvelope(accepted);
}

/**
 * Puts `envelope` on the main queue as ingest would, but past ingest's checks: what a faulty
 * producer, or tampering, does.
 */
export async function produce(ctx: HarnessContext, envelope: QueueEnvelope): Promise<void> {
  await sendMessage(ctx.aws.sqs, ctx.info.queue_url, encodeEnvelope(envelope));
}

/** Produces `envelope` and waits for the processor to dead-letter it; its DLQ error_code. */
export async function produceAndAwaitDeadLetter(
  ctx: HarnessContext,
  envelope: QueueEnvelope,
): Promise<string> {
  await produce(ctx, envelope);
  return waitUntil(async () => (await ctx.deadLetters()).get(envelope.event_id), {
    timeoutMs: 20_000,
    intervalMs: 250,
    what: `a dead letter of ${envelope.event_id}`,
  });
}
