import type { FromSchema } from 'json-schema-to-ts';
import {
  correlationIdSchema,
  dateTimeSchema,
  eventIdSchema,
  sha256Schema,
} from './schemaFragments';

/**
 * Processing states the status route reports (the idempotency `success` reads `stored`;
 * `erased`: deleted by an erasure of its user — a resend of the id is a duplicate).
 */
export const eventProcessingStates = ['processing', 'stored', 'failed', 'erased'] as const;

/** The body of GET /events/{event_id}/status: what the processor knows. */
export const eventStatusSchema = {
  type: 'object',
  description: 'What the processor knows about an event.',
  properties: {
    event_id: eventIdSchema,
    status: { type: 'string', enum: eventProcessingStates },
    attempts: { type: 'integer', minimum: 0 },
    first_seen_at: dateTimeSchema,
    last_seen_at: dateTimeSchema,
    error_reason: { type: 'string', description: 'Why processing failed (status failed).' },
    notified_at: { ...dateTimeSchema, description: 'When the SNS notification was published.' },
    conflicts: {
      type: 'object',
      description:
        'Resends of this stored event id with another payload, refused as EVENT_ID_CONFLICT (the first payload stored wins).',
      properties: {
        count: { type: 'integer', minimum: 1 },
        last_received_at: { ...dateTimeSchema, description: 'When ingest received the last one.' },
        last_payload_sha256: sha256Schema,
        last_correlation_id: correlationIdSchema,
      },
      required: ['count', 'last_received_at', 'last_payload_sha256', 'last_correlation_id'],
      additionalProperties: false,
    },
  },
  required: ['event_id', 'status', 'attempts', 'first_seen_at', 'last_seen_at'],
  additionalProperties: false,
} as const;

/** The body of GET /events/{event_id}/status. */
export type EventStatus = FromSchema<typeof eventStatusSchema>;
