import type { IngestConfig } from '@fluxa/config';
import { canonicalizeEvent, type EventInput, isValidTraceparent, newEventId } from '@fluxa/models';
import {
  type AcceptedPayload,
  encodeEnvelope,
  inlineMessageWithin,
  type QueueMessage,
  s3Envelope,
  traceOf,
} from '@fluxa/queue';
import { payloadKey, sha256Hex } from '@fluxa/storage';

/** A validated event ready to travel: its message, and the S3 object to write first if any. */
export interface PreparedEvent {
  eventId: string;
  /** UTF-8 size of the canonical payload: what the per-event size limit applies to. */
  payloadBytes: number;
  message: QueueMessage;
  /** Set when the payload is over the inline limit and must be stored in S3 before sending. */
  s3Object?: { bucket: string; key: string; payload: string; sha256: string };
}

/** Where an event came from: the caller's tenant, the request's ids and trace context. */
export interface RequestContext {
  tenantId: string;
  correlationId: string;
  receivedAt: Date;
  /** The request's `traceparent` header, as sent: carried only when valid. */
  traceparent?: string;
  config: IngestConfig;
}

/** A request's context at the door: also the tenant's suppressed users, whose events are refused. */
export interface IngestContext extends RequestContext {
  /** The tenant's suppressed users (their SHA-256s). */
  suppressed: ReadonlySet<string>;
}

/**
 * Resolves the event id (UUIDv7 when absent), builds the canonical payload and
 * its hash, and chooses INLINE or S3 on the size of the whole encoded message (with room for
 * a dead letter's attributes); an S3 payload's key is unique to its bytes.
 */
export function prepareEvent(event: EventInput, context: RequestContext): PreparedEvent {
  const eventId = event.event_id ?? newEventId();
  const { json } = canonicalizeEvent(event, eventId);
  const accepted: AcceptedPayload = {
    tenantId: context.tenantId,
    eventId,
    correlationId: context.correlationId,
    payload: json,
    sha256: sha256Hex(json),
    receivedAt: context.receivedAt,
    ...(context.traceparent !== undefined && isValidTraceparent(context.traceparent)
      ? { traceparent: context.traceparent }
      : {}),
  };
  const payloadBytes = Buffer.byteLength(json, 'utf8');
  const inline = inlineMessageWithin(accepted, context.config.sqsMaxMessageBytes);
  if (inline) return { eventId, payloadBytes, message: inline };
  const location = {
    bucket: context.config.payloadBucket,
    key: payloadKey({
      tenantId: context.tenantId,
      eventId,
      sha256: accepted.sha256,
      receivedAt: context.receivedAt,
    }),
  };
  return {
    eventId,
    payloadBytes,
    message: encodeEnvelope(s3Envelope(accepted, location), traceOf(accepted)),
    s3Object: { ...location, payload: json, sha256: accepted.sha256 },
  };
}
