// The public API of @fluxa/models: every contract of Fluxa, one definition each.

export { decimalPlaces } from './amount';
export {
  type ApiKeyGrant,
  type ApiKeyGrants,
  apiKeyGrantsObjectKey,
  apiKeyHash,
  authorizerContext,
  type Caller,
  callerFrom,
} from './apiKeys';
export { type BatchResult, maxBatchEvents } from './batchSchemas';
export { canonicalizeEvent, canonicalJson } from './canonical';
export { currencies, minorUnits } from './currencies';
export {
  deadLetterAttributes,
  deadLetterAttributesMaxBytes,
  deadLetterValueMaxBytes,
} from './deadLetterAttributes';
export { envelopeVersion, type QueueEnvelope } from './envelopeSchema';
export {
  type Erasure,
  type ErasureRequest,
  erasureStates,
  userSha256,
} from './erasureSchemas';
export type { ErrorCode } from './errorCodes';
export { isValidEventId, newEventId } from './eventId';
export { maxListLimit } from './eventListQuerySchema';
export type { EventInput } from './eventSchema';
export type { EventStatus } from './eventStatusSchema';
export { exampleEvent } from './exampleEvent';
export { type ListQuery, validateListQuery } from './listQuery';
export type { LocalStack } from './localStackSchema';
export {
  maxNotificationBytes,
  type Notification,
  notificationAttributes,
  notificationBody,
} from './notification';
export { openApiDocument } from './openapi';
export { parseJson } from './parseJson';
export {
  type DeadLetterCode,
  type FailureCode,
  failureCodes,
  PermanentError,
  type RetryCode,
  retryCodes,
} from './permanentError';
export { releaseVersion } from './releaseVersion';
export { type CheckedReplayRequest, validateReplayRequest } from './replayRequest';
export {
  maxReplayDays,
  maxReplayEvents,
  type Replay,
  type ReplayList,
  type ReplayRequest,
  replayStates,
} from './replaySchemas';
export type { Accepted, ErrorBody, Health } from './responseSchemas';
export { type Route, type RouteTarget, routes } from './routes';
export { lifecycleAction, type MigrateEvent, purgeKeysAction } from './scheduledActions';
export { isValidCorrelationId } from './schemaFragments';
export type { SchemaName, SchemaTypes } from './schemaRegistry';
export {
  validateAgainst,
  validateApiKeyGrants,
  validateBatchRequest,
  validateEnvelope,
  validateErasureRequest,
  validateLocalStack,
} from './schemaValidation';
export type { EventList, PersistedEvent, StoredRecord } from './storedRecordSchema';
export { defaultTenant, isValidTenantId, type Scope, scopes } from './tenant';
export { sqsSafeText } from './text';
export { checkTimestamp } from './timestamp';
export { isValidTraceparent } from './traceContext';
export { validateEvent } from './validateEvent';
export type { Violation } from './violation';
