import { canonicalizeEvent, type EventInput } from '@fluxa/models';
import { encodeEnvelope, inlineEnvelope, type QueueMessage, s3Envelope } from '@fluxa/queue';
import { sha256Hex } from '@fluxa/storage';

let counter = 0;

/** A valid event; override any field. */
export function anEvent(overrides: Partial<EventInput> = {}): EventInput & { event_id: string } {
  counter += 1;
  return {
    event_id: `evt-${Date.now()}-${counter}`,
    user_id: 'user-1',
    amount: 12.34,
    currency: 'USD',
    merchant: 'Coffee Corner',
    timestamp: '2026-01-15T10:00:00Z',
    metadata: { channel: 'web' },
    ...overrides,
  };
}

/** The queue message ingest would send for an event (INLINE envelope). */
export function inlineMessage(
  event: EventInput & { event_id: string },
  correlationId = 'corr-1',
): QueueMessage {
  const { json } = canonicalizeEvent(event, event.event_id);
  return encodeEnvelope(
    inlineEnvelope({
      eventId: event.event_id,
      correlationId,
      payload: json,
      sha256: sha256Hex(json),
      receivedAt: new Date(),
    }),
  );
}

/** The canonical payload and S3-mode message for an event stored at `key`. */
export function s3Message(event: EventInput & { event_id: string }, bucket: string, key: string) {
  const { json } = canonicalizeEvent(event, event.event_id);
  const accepted = {
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
