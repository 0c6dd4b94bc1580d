import { type ApiKeyGrants, apiKeyGrantsSchema } from './apiKeys';
import {
  type BatchRequest,
  type BatchResult,
  batchRequestSchema,
  batchResultSchema,
} from './batchSchemas';
import { envelopeSchema, type QueueEnvelope } from './envelopeSchema';
import {
  type Erasure,
  type ErasureRequest,
  erasureListSchema,
  erasureRequestSchema,
  erasureSchema,
} from './erasureSchemas';
import { type EventListQuery, eventListQuerySchema } from './eventListQuerySchema';
import { type EventInput, eventSchema } from './eventSchema';
import { type EventStatus, eventStatusSchema } from './eventStatusSchema';
import { type LocalStack, localStackSchema } from './localStackSchema';
import { type Notification, notificationSchema } from './notification';
import {
  type Replay,
  type ReplayList,
  type ReplayRequest,
  replayListSchema,
  replayRequestSchema,
  replaySchema,
} from './replaySchemas';
import {
  type Accepted,
  acceptedSchema,
  type ErrorBody,
  errorBodySchema,
  type Health,
  healthSchema,
  type Readiness,
  readinessSchema,
} from './responseSchemas';
import {
  type EventList,
  eventListSchema,
  type PersistedEvent,
  persistedEventSchema,
  type StoredRecord,
  storedRecordSchema,
} from './storedRecordSchema';

/** Every schema with a compiled validator, by the name its validator is exported under. */
export const schemas = {
  apiKeyGrants: apiKeyGrantsSchema,
  event: eventSchema,
  batchRequest: batchRequestSchema,
  envelope: envelopeSchema,
  storedRecord: storedRecordSchema,
  eventStatus: eventStatusSchema,
  eventList: eventListSchema,
  eventListQuery: eventListQuerySchema,
  localStack: localStackSchema,
  notification: notificationSchema,
  persistedEvent: persistedEventSchema,
  errorBody: errorBodySchema,
  accepted: acceptedSchema,
  batchResult: batchResultSchema,
  health: healthSchema,
  readiness: readinessSchema,
  replayRequest: replayRequestSchema,
  replay: replaySchema,
  replayList: replayListSchema,
  erasureRequest: erasureRequestSchema,
  erasure: erasureSchema,
  erasureList: erasureListSchema,
} as const;

/** Name of a schema in {@link schemas}. */
export type SchemaName = keyof typeof schemas;

/** The TypeScript type each named schema describes. */
export interface SchemaTypes {
  apiKeyGrants: ApiKeyGrants;
  event: EventInput;
  batchRequest: BatchRequest;
  envelope: QueueEnvelope;
  storedRecord: StoredRecord;
  eventStatus: EventStatus;
  eventList: EventList;
  eventListQuery: EventListQuery;
  localStack: LocalStack;
  notification: Notification;
  persistedEvent: PersistedEvent;
  errorBody: ErrorBody;
  accepted: Accepted;
  batchResult: BatchResult;
  health: Health;
  readiness: Readiness;
  replayRequest: ReplayRequest;
  replay: Replay;
  replayList: ReplayList;
  erasureRequest: ErasureRequest;
  erasure: Erasure;
  erasureList: { items: Erasure[] };
}
