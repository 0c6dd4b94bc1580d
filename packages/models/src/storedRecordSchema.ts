import type { FromSchema } from 'json-schema-to-ts';
import { payloadModes } from './envelopeSchema';
import { eventSchema, maxMetadataKeys } from './eventSchema';
import {
  correlationIdSchema,
  dateTimeSchema,
  eventIdSchema,
  sha256Schema,
} from './schemaFragments';
import { tenantIdSchema } from './tenant';
import { traceparentSchema } from './traceContext';

const event = eventSchema.properties;

/** Fields every persisted event has but metadata (null when none was sent). */
const persistedRequiredButMetadata = [
  'tenant_id',
  'event_id',
  'correlation_id',
  'user_id',
  'amount',
  'currency',
  'merchant',
  'timestamp',
  'payload_mode',
  'payload_sha256',
  'received_at',
] as const;

/** Fields every persisted event has (metadata is null when none was sent). */
const persistedRequired = [...persistedRequiredButMetadata, 'metadata'] as const;

/** Fields every stored record has but metadata (which a notification may omit). */
export const storedRequiredButMetadata = [...persistedRequiredButMetadata, 'created_at'] as const;

/** A persisted event as GET /events/{event_id} returns it. */
export const storedRecordSchema = {
  type: 'object',
  description: 'A persisted event; amount is the JSON number that was sent.',
  properties: {
    tenant_id: tenantIdSchema,
    event_id: eventIdSchema,
    correlation_id: correlationIdSchema,
    user_id: event.user_id,
    amount: event.amount,
    currency: event.currency,
    merchant: event.merchant,
    timestamp: event.timestamp,
    metadata: {
      type: ['object', 'null'],
      maxProperties: maxMetadataKeys,
      description: 'The metadata object that was sent, or null when there was none.',
    },
    payload_mode: { type: 'string', enum: payloadModes },
    s3_key: { type: 'string', description: 'Present only when payload_mode is S3.' },
    payload_sha256: sha256Schema,
    received_at: { ...dateTimeSchema, description: 'When ingest accepted the event.' },
    created_at: { ...dateTimeSchema, description: 'When the row was inserted.' },
  },
  required: [...persistedRequired, 'created_at'],
  additionalProperties: false,
} as const;

const { created_at: _createdAt, ...persistedProperties } = storedRecordSchema.properties;

/**
 * An event as the processor persists it: the stored record before the database adds
 * `created_at`, with the trace context of the request that sent it (kept for its
 * notifications, not returned by GET). `timestamp` is the UTC instant with microseconds.
 */
export const persistedEventSchema = {
  type: 'object',
  description: 'A validated event with what the pipeline adds, as it is inserted.',
  properties: { ...persistedProperties, traceparent: traceparentSchema },
  required: persistedRequired,
  additionalProperties: false,
} as const;

/** The body of GET /events: one page of stored records, newest `timestamp` first. */
export const eventListSchema = {
  type: 'object',
  description: 'One page of events, newest timestamp first.',
  properties: {
    items: { type: 'array', items: storedRecordSchema },
    next_cursor: {
      type: ['string', 'null'],
      description: 'Opaque cursor of the next page; null on the last page.',
    },
  },
  required: ['items', 'next_cursor'],
  additionalProperties: false,
} as const;

/** A persisted event. */
export type StoredRecord = FromSchema<typeof storedRecordSchema>;

/** An event as the processor inserts it. */
export type PersistedEvent = FromSchema<typeof persistedEventSchema>;

/** One page of GET /events. */
export type EventList = FromSchema<typeof eventListSchema>;
