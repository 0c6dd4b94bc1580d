import type { FromSchema } from 'json-schema-to-ts';
import { errorSchema } from './responseSchemas';
import { eventIdSchema } from './schemaFragments';

/** Most events one batch request may carry. */
export const maxBatchEvents = 500;

/**
 * The body of POST /events/batch. Items are deliberately unconstrained here: each one is
 * validated on its own so that one bad event rejects only itself.
 */
export const batchRequestSchema = {
  type: 'object',
  description: 'A batch of 1–500 events; each item is validated on its own as an Event.',
  properties: {
    events: {
      type: 'array',
      minItems: 1,
      maxItems: maxBatchEvents,
      items: { description: 'An Event; validated individually.' },
    },
  },
  required: ['events'],
  additionalProperties: false,
} as const;

const itemIndexSchema = {
  type: 'integer',
  minimum: 0,
  description: 'Position in the request.',
} as const;

/** The 202 body of POST /events/batch: one result per request item, in request order. */
export const batchResultSchema = {
  type: 'object',
  description: 'Per-item outcome of a batch, in request order.',
  properties: {
    accepted: { type: 'integer', minimum: 0 },
    rejected: { type: 'integer', minimum: 0 },
    failed: {
      type: 'integer',
      minimum: 0,
      description: 'Valid items whose enqueue failed; retrying them is safe.',
    },
    results: {
      type: 'array',
      items: {
        oneOf: [
          {
            type: 'object',
            properties: {
              index: itemIndexSchema,
              status: { type: 'string', const: 'enqueued' },
              event_id: eventIdSchema,
            },
            required: ['index', 'status', 'event_id'],
            additionalProperties: false,
          },
          {
            type: 'object',
            properties: {
              index: itemIndexSchema,
              status: { type: 'string', const: 'rejected' },
              error: errorSchema,
            },
            required: ['index', 'status', 'error'],
            additionalProperties: false,
          },
          {
            type: 'object',
            properties: {
              index: itemIndexSchema,
              status: { type: 'string', const: 'failed' },
              retryable: { type: 'boolean', const: true },
              event_id: eventIdSchema,
              error: errorSchema,
            },
            required: ['index', 'status', 'retryable', 'event_id'],
            additionalProperties: false,
          },
        ],
      },
    },
  },
  required: ['accepted', 'rejected', 'results'],
  additionalProperties: false,
} as const;

/** The body of POST /events/batch. */
export type BatchRequest = FromSchema<typeof batchRequestSchema>;

/** The 202 body of POST /events/batch. */
export type BatchResult = FromSchema<typeof batchResultSchema>;

/** One item of {@link BatchResult}. */
export type BatchItemResult = BatchResult['results'][number];
