import type { FromSchema } from 'json-schema-to-ts';
import { canonicalJson } from './canonical';
import {
  type StoredRecord,
  storedRecordSchema,
  storedRequiredButMetadata,
} from './storedRecordSchema';

/**
 * The SNS notification body, a public contract for subscribers: the stored record exactly as
 * `GET /events/{event_id}` returns it, as canonical JSON. When it would not fit SNS's 256 KiB,
 * `metadata` is dropped and `metadata_omitted` is true (read the event back by id for it). A
 * replayed notification carries `replay_id`. Deliveries are at least once: deduplicate on
 * (`tenant_id`, `event_id`), also message attributes.
 */
export const notificationSchema = {
  type: 'object',
  description:
    'SNS notification of a stored event: the stored record (message attributes tenant_id, event_id, correlation_id; traceparent and replay_id when present).',
  properties: {
    ...storedRecordSchema.properties,
    metadata_omitted: {
      type: 'boolean',
      const: true,
      description: 'Present when metadata was dropped to fit SNS; metadata is then absent.',
    },
    replay_id: {
      type: 'string',
      description: 'Present on a replayed notification: the replay that published it.',
    },
  },
  required: storedRequiredButMetadata,
  additionalProperties: false,
} as const;

/** The SNS notification body. */
export type Notification = FromSchema<typeof notificationSchema>;

/** The message attributes of a notification: what subscribers filter and deduplicate on. */
export const notificationAttributes = {
  tenantId: 'tenant_id',
  eventId: 'event_id',
  correlationId: 'correlation_id',
  /** The W3C trace context of the request that sent the event, when it carried one. */
  traceparent: 'traceparent',
  /** The replay that published it; absent on live notifications. */
  replayId: 'replay_id',
} as const;

/** SNS caps a message (and a whole PublishBatch) at 256 KiB. */
export const maxNotificationBytes = 262_144;

/** Room a notification leaves for its attributes and the batch's own framing. */
export const notificationOverheadBytes = 1024;

/**
 * The notification body of a stored record (with the replay that publishes it, if any), as
 * canonical JSON: every character one SNS and SQS carry raw; metadata dropped if it would not
 * fit SNS.
 */
export function notificationBody(record: StoredRecord, replayId?: string): string {
  const replay = replayId === undefined ? {} : { replay_id: replayId };
  const full = canonicalJson({ ...record, ...replay } satisfies Notification);
  if (Buffer.byteLength(full) + notificationOverheadBytes <= maxNotificationBytes) return full;
  const { metadata: _omitted, ...rest } = record;
  return canonicalJson({ ...rest, ...replay, metadata_omitted: true } satisfies Notification);
}
