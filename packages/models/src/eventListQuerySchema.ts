import type { FromSchema } from 'json-schema-to-ts';
import { eventSchema } from './eventSchema';
import { correlationIdSchema, dateTimeSchema } from './schemaFragments';

/** Page size of GET /events when `limit` is absent. */
export const defaultListLimit = 50;

/** Largest page size of GET /events. */
export const maxListLimit = 100;

/**
 * The query parameters of GET /events, each as a schema (OpenAPI `parameters` are built from
 * it). One of `user_id` or `correlation_id` selects the events, or neither: the whole tenant's
 * (its backfill, between `from` and `to`); filters follow the
 * same rules as the event fields they match, so a filter never reaches the database with a
 * value it could not hold.
 */
export const eventListQuerySchema = {
  type: 'object',
  properties: {
    user_id: { ...eventSchema.properties.user_id, description: 'List the events of this user.' },
    correlation_id: { ...correlationIdSchema, description: 'List events of one request.' },
    from: { ...dateTimeSchema, description: 'Only events with timestamp at or after this.' },
    to: { ...dateTimeSchema, description: 'Only events with timestamp before this.' },
    limit: {
      type: 'integer',
      minimum: 1,
      maximum: maxListLimit,
      default: defaultListLimit,
      description: 'Page size.',
    },
    cursor: {
      type: 'string',
      minLength: 1,
      maxLength: 1024,
      pattern: '^[A-Za-z0-9_-]+$',
      description: 'Opaque next_cursor of the previous page.',
    },
  },
  additionalProperties: false,
} as const;

/** GET /events query parameters as validated (`limit` still optional: it has a default). */
export type EventListQuery = FromSchema<typeof eventListQuerySchema>;
