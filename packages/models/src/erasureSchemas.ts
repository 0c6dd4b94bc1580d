import { createHash } from 'node:crypto';
import type { FromSchema } from 'json-schema-to-ts';
import { eventSchema } from './eventSchema';
import { dateTimeSchema, sha256Schema } from './schemaFragments';

/** States of an erasure. */
export const erasureStates = ['running', 'done', 'failed'] as const;

/** The body of POST /erasures. */
export const erasureRequestSchema = {
  type: 'object',
  description: "Erase every stored event of one user of the key's tenant.",
  properties: {
    user_id: { ...eventSchema.properties.user_id, description: 'The user whose events go.' },
    suppress: {
      type: 'boolean',
      description:
        'Also refuse the user’s later events (400 USER_SUPPRESSED) until DELETE /suppressions/{user_id}.',
    },
  },
  required: ['user_id'],
  additionalProperties: false,
} as const;

/** The body of POST /erasures. */
export type ErasureRequest = FromSchema<typeof erasureRequestSchema>;

/**
 * An erasure as GET /erasures/{erasure_id} returns it. It names its user only by
 * `user_sha256` (see {@link userSha256}): an erasure keeps no personal data once done.
 */
export const erasureSchema = {
  type: 'object',
  description: 'An erasure: how far it got, counted.',
  properties: {
    erasure_id: { type: 'string' },
    status: { type: 'string', enum: erasureStates },
    user_sha256: { ...sha256Schema, description: 'SHA-256 of "<tenant_id>:<user_id>".' },
    suppress: { type: 'boolean' },
    events_deleted: { type: 'integer', minimum: 0, description: 'Stored events deleted.' },
    objects_deleted: { type: 'integer', minimum: 0, description: 'Payload objects deleted.' },
    requested_at: dateTimeSchema,
    finished_at: { type: ['string', 'null'], description: 'When it finished; null while running.' },
    error: { type: 'string', description: 'Why it failed (status failed).' },
  },
  required: [
    'erasure_id',
    'status',
    'user_sha256',
    'suppress',
    'events_deleted',
    'objects_deleted',
    'requested_at',
    'finished_at',
  ],
  additionalProperties: false,
} as const;

/** An erasure. */
export type Erasure = FromSchema<typeof erasureSchema>;

/** The body of GET /erasures: the tenant's latest erasures, newest first. */
export const erasureListSchema = {
  type: 'object',
  description: 'The tenant’s latest erasures, newest first.',
  properties: { items: { type: 'array', items: erasureSchema } },
  required: ['items'],
  additionalProperties: false,
} as const;

/** The 202 body of POST /erasures (a repeated request answers the running one). */
export const erasureStartedSchema = {
  type: 'object',
  properties: {
    erasure_id: { type: 'string' },
    status: { type: 'string', const: 'running' },
  },
  required: ['erasure_id', 'status'],
  additionalProperties: false,
} as const;

/** The 200 body of DELETE /suppressions/{user_id}. */
export const suppressionLiftedSchema = {
  type: 'object',
  properties: {
    user_id: eventSchema.properties.user_id,
    suppressed: { type: 'boolean', const: false },
  },
  required: ['user_id', 'suppressed'],
  additionalProperties: false,
} as const;

/**
 * How Fluxa names a user it keeps no personal data of (an erased or suppressed one): the
 * lower-case hex SHA-256 of `<tenant_id>:<user_id>` (UTF-8). The same in SQL:
 * `encode(sha256(convert_to(tenant_id || ':' || user_id, 'UTF8')), 'hex')`.
 */
export function userSha256(tenantId: string, userId: string): string {
  return createHash('sha256').update(`${tenantId}:${userId}`, 'utf8').digest('hex');
}
