/**
 * Shapes of the replay and erasure routes, written from their documented contract until
 * `@fluxa/models` publishes their schemas (then `generateTypes` refuses to build until the
 * matching entry here is deleted, so each shape keeps one definition). Responses stay open
 * (`additionalProperties` unset) so a field the service adds never breaks a client.
 */

const dateTime = { type: 'string', description: 'RFC 3339 date-time with offset.' } as const;
const count = { type: 'integer', minimum: 0 } as const;

/** What a background job (a replay, an erasure) says of its progress. */
const progress = {
  status: { type: 'string', enum: ['running', 'done', 'failed'] },
  created_at: dateTime,
  finished_at: { type: ['string', 'null'], description: 'When it ended; null while running.' },
  error: { type: 'string', description: 'Why it failed (status failed).' },
} as const;

const erasure = {
  type: 'object',
  description: "An erasure of one user's events: its progress and counts.",
  properties: {
    erasure_id: { type: 'string' },
    ...progress,
    user_id: { type: 'string' },
    suppress: { type: 'boolean' },
    erased: { ...count, description: 'Stored events deleted so far.' },
  },
  required: ['erasure_id', 'status'],
} as const;

/** A page of a list route: its items and the cursor of the next page. */
function listOf<Item>(item: Item, description: string) {
  return {
    type: 'object',
    description,
    properties: {
      items: { type: 'array', items: item },
      next_cursor: {
        type: ['string', 'null'],
        description: 'Opaque cursor of the next page; null or absent on the last page.',
      },
    },
    required: ['items'],
  } as const;
}

/** Provisional schemas by type name. */
export const provisionalSchemas = {
  ErasureRequest: {
    type: 'object',
    description: "POST /erasures: delete every stored event of a user in the key's tenant.",
    properties: {
      user_id: { type: 'string', description: 'The user whose events are erased.' },
      suppress: {
        type: 'boolean',
        description:
          'Also refuse later events of this user (400 USER_SUPPRESSED) until unsuppressed.',
      },
    },
    required: ['user_id'],
    additionalProperties: false,
  },
  ErasureStarted: {
    type: 'object',
    description: 'The 202 body of POST /erasures.',
    properties: { erasure_id: { type: 'string' }, status: { type: 'string', const: 'running' } },
    required: ['erasure_id', 'status'],
  },
  Erasure: erasure,
  ErasureList: listOf(erasure, "The tenant's erasures, newest first."),
} as const;
