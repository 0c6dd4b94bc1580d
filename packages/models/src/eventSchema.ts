import type { FromSchema } from 'json-schema-to-ts';
import { dateTimeSchema, eventIdSchema, textSchema } from './schemaFragments';

/** Largest accepted amount. */
export const maxAmount = 1e15;

/** Most keys a metadata object may have. */
export const maxMetadataKeys = 10;

const eventProperties = {
  event_id: eventIdSchema,
  user_id: { ...textSchema(255), description: 'The paying user: 1–255 characters.' },
  amount: {
    type: 'number',
    exclusiveMinimum: 0,
    maximum: maxAmount,
    description: 'Positive amount; no more decimals than the currency minor unit.',
  },
  currency: {
    type: 'string',
    pattern: '^[A-Z]{3}$',
    description: 'Active ISO 4217 alphabetic code, upper case.',
  },
  merchant: { ...textSchema(255), description: 'The merchant: 1–255 characters.' },
  timestamp: {
    ...dateTimeSchema,
    description: 'When the transaction happened; at most 5 minutes in the future.',
  },
  metadata: {
    type: 'object',
    maxProperties: maxMetadataKeys,
    description:
      'Free-form object of at most 10 keys; values are any JSON nested at most 32 levels, every string well-formed Unicode without U+0000, every number finite and exactly representable as a 64-bit float (send larger or more precise numbers as strings).',
  },
} as const;

/** A transaction event as a client sends it; `event_id` is optional. */
export const eventSchema = {
  type: 'object',
  description: 'A transaction event.',
  properties: eventProperties,
  required: ['user_id', 'amount', 'currency', 'merchant', 'timestamp'],
  additionalProperties: false,
} as const;

/** The event as queued and stored: the request event with its resolved `event_id`. */
export const canonicalEventSchema = {
  type: 'object',
  description: 'A transaction event with its resolved event_id (the canonical payload).',
  properties: eventProperties,
  required: ['event_id', 'user_id', 'amount', 'currency', 'merchant', 'timestamp'],
  additionalProperties: false,
} as const;

/** A transaction event as a client sends it. */
export type EventInput = FromSchema<typeof eventSchema>;

/** A validated event with its resolved `event_id`: the canonical payload. */
export type CanonicalEvent = FromSchema<typeof canonicalEventSchema>;
