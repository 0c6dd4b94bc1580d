import type { FromSchema } from 'json-schema-to-ts';
import {
  correlationIdSchema,
  dateTimeSchema,
  eventIdSchema,
  sha256Schema,
} from './schemaFragments';
import { tenantIdSchema } from './tenant';

/** How the canonical payload travels: inside the SQS body, or in S3 by reference. */
export const payloadModes = ['INLINE', 'S3'] as const;

/** One of {@link payloadModes}. */
export type PayloadMode = (typeof payloadModes)[number];

/** The envelope version ingest writes. */
export const envelopeVersion = 2;

/**
 * The SQS message body. Version 2 carries the event's `tenant_id`; version 1 (before
 * tenancy) has none and means tenant `default` — the processor still reads it, so messages
 * in flight during an upgrade are processed. INLINE carries `payload_inline` and no S3
 * location; S3 carries `s3_bucket` + `s3_key` and no inline payload. (The `true` property
 * schemas in the branches only declare what `required` names, for ajv's strictRequired.)
 */
export const envelopeSchema = {
  type: 'object',
  description: 'Queue envelope: the canonical payload inline, or its S3 location.',
  properties: {
    v: { type: 'integer', enum: [1, 2], description: 'Envelope version (2; 1 still read).' },
    tenant_id: tenantIdSchema,
    event_id: eventIdSchema,
    correlation_id: correlationIdSchema,
    payload_mode: { type: 'string', enum: payloadModes },
    payload_inline: {
      type: 'string',
      minLength: 2,
      description: 'The canonical payload JSON text, byte for byte what was hashed.',
    },
    s3_bucket: { type: 'string', minLength: 3, maxLength: 63 },
    s3_key: { type: 'string', minLength: 1, maxLength: 1024 },
    payload_sha256: sha256Schema,
    received_at: { ...dateTimeSchema, description: 'Ingest time (not the event timestamp).' },
  },
  required: ['v', 'event_id', 'correlation_id', 'payload_mode', 'payload_sha256', 'received_at'],
  additionalProperties: false,
  allOf: [
    {
      if: { properties: { v: { const: 2 } }, required: ['v'] },
      // biome-ignore lint/suspicious/noThenProperty: `then` is the JSON Schema keyword here.
      then: { required: ['tenant_id'], properties: { tenant_id: true } },
      else: { properties: { tenant_id: false } },
    },
    {
      if: { properties: { payload_mode: { const: 'INLINE' } }, required: ['payload_mode'] },
      // biome-ignore lint/suspicious/noThenProperty: `then` is the JSON Schema keyword here.
      then: {
        required: ['payload_inline'],
        properties: { payload_inline: true, s3_bucket: false, s3_key: false },
      },
    },
    {
      if: { properties: { payload_mode: { const: 'S3' } }, required: ['payload_mode'] },
      // biome-ignore lint/suspicious/noThenProperty: `then` is the JSON Schema keyword here.
      then: {
        required: ['s3_bucket', 's3_key'],
        properties: { s3_bucket: true, s3_key: true, payload_inline: false },
      },
    },
  ],
} as const;

/** A decoded queue envelope. */
export type QueueEnvelope = FromSchema<typeof envelopeSchema, { parseIfThenElseKeywords: true }>;
