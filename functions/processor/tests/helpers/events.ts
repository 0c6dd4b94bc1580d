import { canonicalizeEvent } from '@fluxa/models';
import { encodeEnvelope, inlineEnvelope, type QueueMessage, s3Envelope } from '@fluxa/queue';
import { sha256Hex } from '@fluxa/storage';
import type { TestEvent } from '@fluxa/testing';

/** The queue message ingest would send for a tenant's event (INLINE envelope). */
export function inlineMessage(
  event: TestEvent,
  correlationId = 'corr-1',
  tenantId = 'default',
): QueueMessage {
  const { json } = canonicalizeEvent(event, event.event_id);
  return encodeEnvelope(
    inlineEnvelope({
      tenantId,
      eventId: event.event_id,
      correlationId,
      payload: json,
      sha256: sha256Hex(json),
      receivedAt: new Date(),
    }),
  );
}

/** The canonical payload and S3-mode message for an event stored at `key`. */
export function s3Message(event: TestEvent, bucket: string, key: string) {
  const { json } = canonicalizeEvent(event, event.event_id);
  const accepted = {
    tenantId: 'default',
    eventId: event.event_id,
    correlationId: 'corr-s3',
    payload: json,
    sha256: sha256Hex(json),
    receivedAt: new Date(),
  };
  return {
    payload: json,
    sha256: accepted.sha256,
    message: encodeEnvelope(s3Envelope(accepted, { bucket, key })),
  };
}
