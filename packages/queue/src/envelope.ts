import { deadLetterAttributesMaxBytes, envelopeVersion, type QueueEnvelope } from '@fluxa/models';
import { encodeEnvelope, messageSize, type QueueMessage } from './message';

/** What ingest knows about an accepted event before choosing how it travels. */
export interface AcceptedPayload {
  tenantId: string;
  eventId: string;
  correlationId: string;
  /** Canonical JSON of the validated event: the exact bytes that are hashed. */
  payload: string;
  sha256: string;
  receivedAt: Date;
  /** The request's W3C trace context, when it carried a valid one. */
  traceparent?: string;
}

/** The trace context an accepted payload's message carries, if any. */
export function traceOf(accepted: AcceptedPayload): { traceparent?: string } {
  return accepted.traceparent === undefined ? {} : { traceparent: accepted.traceparent };
}

/** The INLINE envelope: the payload travels in the message itself. */
export function inlineEnvelope(accepted: AcceptedPayload): QueueEnvelope {
  return {
    v: envelopeVersion,
    tenant_id: accepted.tenantId,
    event_id: accepted.eventId,
    correlation_id: accepted.correlationId,
    payload_mode: 'INLINE',
    payload_inline: accepted.payload,
    payload_sha256: accepted.sha256,
    received_at: accepted.receivedAt.toISOString(),
  };
}

/** The S3 envelope: only the payload's location and hash travel. */
export function s3Envelope(
  accepted: AcceptedPayload,
  location: { bucket: string; key: string },
): QueueEnvelope {
  return {
    v: envelopeVersion,
    tenant_id: accepted.tenantId,
    event_id: accepted.eventId,
    correlation_id: accepted.correlationId,
    payload_mode: 'S3',
    s3_bucket: location.bucket,
    s3_key: location.key,
    payload_sha256: accepted.sha256,
    received_at: accepted.receivedAt.toISOString(),
  };
}

/**
 * The inline message when the whole encoded message (body + attributes) fits
 * `maxMessageBytes` with room left for the attributes a dead letter adds (the DLQ has the same
 * limit, and a record the processor gives up on must reach it with its reason); undefined when
 * the payload must go through S3.
 */
export function inlineMessageWithin(
  accepted: AcceptedPayload,
  maxMessageBytes: number,
): QueueMessage | undefined {
  const message = encodeEnvelope(inlineEnvelope(accepted), traceOf(accepted));
  return messageSize(message) + deadLetterAttributesMaxBytes <= maxMessageBytes
    ? message
    : undefined;
}
