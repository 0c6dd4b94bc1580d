import type { FromSchema } from 'json-schema-to-ts';
import { eventSchema } from './eventSchema';
import { dateTimeSchema } from './schemaFragments';

/** The longest span of storage time one replay may cover, in days. */
export const maxReplayDays = 31;

/** The most events one replay may publish. */
export const maxReplayEvents = 5_000_000;

/** States of a replay. */
export const replayStates = ['running', 'done', 'failed'] as const;

/** What a replay publishes: events stored in [stored_after, stored_before), optionally filtered. */
const replayFilters = {
  user_id: { ...eventSchema.properties.user_id, description: 'Only this user’s events.' },
  merchant: { ...eventSchema.properties.merchant, description: 'Only this merchant’s events.' },
} as const;

/** The body of POST /replays. */
export const replayRequestSchema = {
  type: 'object',
  description: `Replay the notifications of the events stored in a window of at most ${maxReplayDays} days.`,
  properties: {
    stored_after: { ...dateTimeSchema, description: 'Events stored at or after this instant.' },
    stored_before: { ...dateTimeSchema, description: 'Events stored before this instant.' },
    ...replayFilters,
    dry_run: { type: 'boolean', description: 'Count what would be replayed; publish nothing.' },
  },
  required: ['stored_after', 'stored_before'],
  additionalProperties: false,
} as const;

/** The body of POST /replays. */
export type ReplayRequest = FromSchema<typeof replayRequestSchema>;

/** A replay as GET /replays/{replay_id} returns it. */
export const replaySchema = {
  type: 'object',
  description: 'A replay: what it publishes, and how far it got.',
  properties: {
    replay_id: { type: 'string', description: 'The replay, also on each of its notifications.' },
    status: { type: 'string', enum: replayStates },
    matched: { type: 'integer', minimum: 0, description: 'Events it publishes.' },
    published: { type: 'integer', minimum: 0, description: 'Events it has published so far.' },
    stored_after: dateTimeSchema,
    stored_before: dateTimeSchema,
    filters: {
      type: 'object',
      properties: replayFilters,
      additionalProperties: false,
      description: 'The filters it was asked for.',
    },
    created_at: dateTimeSchema,
    finished_at: { type: ['string', 'null'], description: 'When it finished; null while running.' },
    error: { type: 'string', description: 'Why it failed (status failed).' },
  },
  required: [
    'replay_id',
    'status',
    'matched',
    'published',
    'stored_after',
    'stored_before',
    'filters',
    'created_at',
    'finished_at',
  ],
  additionalProperties: false,
} as const;

/** A replay. */
export type Replay = FromSchema<typeof replaySchema>;

/** The body of GET /replays: the tenant's replays, newest first. */
export const replayListSchema = {
  type: 'object',
  description: 'The tenant’s latest replays, newest first.',
  properties: { items: { type: 'array', items: replaySchema } },
  required: ['items'],
  additionalProperties: false,
} as const;

/** The body of GET /replays. */
export type ReplayList = FromSchema<typeof replayListSchema>;

/** The 202 body of POST /replays; with `dry_run`, the 200 body is `{"matched":N}` alone. */
export const replayStartedSchema = {
  type: 'object',
  properties: {
    replay_id: { type: 'string' },
    status: { type: 'string', const: 'running' },
    matched: { type: 'integer', minimum: 0 },
  },
  required: ['replay_id', 'status', 'matched'],
  additionalProperties: false,
} as const;

/** The 200 body of a dry run of POST /replays. */
export const replayDryRunSchema = {
  type: 'object',
  properties: { matched: { type: 'integer', minimum: 0 } },
  required: ['matched'],
  additionalProperties: false,
} as const;
