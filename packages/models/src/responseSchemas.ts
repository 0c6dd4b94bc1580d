import type { FromSchema } from 'json-schema-to-ts';
import { errorCodes } from './errorCodes';
import { correlationIdSchema, eventIdSchema } from './schemaFragments';
import { violationSchema } from './violation';

/** The `error` member of an error body: stable code, human message, optional violations. */
export const errorSchema = {
  type: 'object',
  properties: {
    code: { type: 'string', enum: errorCodes },
    message: { type: 'string', description: 'Human sentence; never echoes secrets or SQL.' },
    details: { type: 'array', items: violationSchema },
  },
  required: ['code', 'message'],
  additionalProperties: false,
} as const;

/** The body of every 4xx/5xx response. */
export const errorBodySchema = {
  type: 'object',
  description: 'Error body of every 4xx and 5xx response.',
  properties: { error: errorSchema, correlation_id: correlationIdSchema },
  required: ['error', 'correlation_id'],
  additionalProperties: false,
} as const;

/** The 202 body of POST /events: the event is validated and durably enqueued. */
export const acceptedSchema = {
  type: 'object',
  description: 'The event was validated and durably enqueued.',
  properties: {
    event_id: eventIdSchema,
    status: { type: 'string', const: 'enqueued' },
    correlation_id: correlationIdSchema,
  },
  required: ['event_id', 'status', 'correlation_id'],
  additionalProperties: false,
} as const;

/** The body of GET /health: the process is up, and which release it runs; no dependency is touched. */
export const healthSchema = {
  type: 'object',
  properties: {
    status: { type: 'string', const: 'healthy' },
    version: {
      type: 'string',
      minLength: 1,
      description:
        'The release the function was built as, e.g. 0.2.0: the version of the repository at its tag.',
    },
  },
  required: ['status', 'version'],
  additionalProperties: false,
} as const;

/** The 200 body of GET /health/ready; a failing check answers 503 with an error body. */
export const readinessSchema = {
  type: 'object',
  properties: {
    status: { type: 'string', const: 'ready' },
    checks: {
      type: 'object',
      description: 'Outcome per dependency, e.g. {"database":"ok"}.',
      additionalProperties: { type: 'string', enum: ['ok'] },
    },
  },
  required: ['status'],
  additionalProperties: false,
} as const;

/** An error response body. */
export type ErrorBody = FromSchema<typeof errorBodySchema>;

/** The 202 body of POST /events. */
export type Accepted = FromSchema<typeof acceptedSchema>;

/** The body of GET /health. */
export type Health = FromSchema<typeof healthSchema>;

/** The 200 body of GET /health/ready. */
export type Readiness = FromSchema<typeof readinessSchema>;
