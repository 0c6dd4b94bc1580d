export { decimalPlaces, isExactLiteral } from './amount';
export {
  type BatchItemResult,
  type BatchRequest,
  type BatchResult,
  batchRequestSchema,
  batchResultSchema,
  maxBatchEvents,
} from './batchSchemas';
export { canonicalizeEvent, canonicalJson } from './canonical';
export { currencies, minorUnits } from './currencies';
export { deadLetterAttributes } from './deadLetterAttributes';
export {
  envelopeSchema,
  type PayloadMode,
  payloadModes,
  type QueueEnvelope,
} from './envelopeSchema';
export { type DetailCode, detailCodes, type ErrorCode, errorCodes } from './errorCodes';
export { isValidEventId, newEventId } from './eventId';
export {
  defaultListLimit,
  type EventListQuery,
  eventListQuerySchema,
  maxListLimit,
} from './eventListQuerySchema';
export {
  type CanonicalEvent,
  canonicalEventSchema,
  type EventInput,
  eventSchema,
  maxAmount,
  maxMetadataKeys,
} from './eventSchema';
export { type EventStatus, eventProcessingStates, eventStatusSchema } from './eventStatusSchema';
export { type ListQuery, validateListQuery } from './listQuery';
export { maxMetadataDepth } from './metadata';
export { openApiDocument } from './openapi';
export { type InexactNumbers, noInexactNumbers, type ParsedJson, parseJson } from './parseJson';
export {
  type DeadLetterCode,
  type FailureCode,
  failureCodes,
  PermanentError,
  type RetryCode,
  retryCodes,
} from './permanentError';
export {
  type Accepted,
  acceptedSchema,
  type ErrorBody,
  errorBodySchema,
  errorSchema,
  type Health,
  healthSchema,
  type Readiness,
  readinessSchema,
} from './responseSchemas';
export {
  correlationIdSchema,
  dateTimeSchema,
  eventIdPattern,
  eventIdSchema,
  isValidCorrelationId,
  maxEventIdLength,
  sha256Schema,
} from './schemaFragments';
export { type SchemaName, type SchemaTypes, schemas } from './schemaRegistry';
export {
  type SchemaCheck,
  validateAgainst,
  validateBatchRequest,
  validateEnvelope,
} from './schemaValidation';
export {
  type EventList,
  eventListSchema,
  type StoredRecord,
  storedRecordSchema,
} from './storedRecordSchema';
export { isStorableText, sqsSafeText, storableTextReason } from './text';
export {
  checkTimestamp,
  earliestTimestamp,
  type Instant,
  latestTimestamp,
  type TimestampCheck,
  timestampReasons,
} from './timestamp';
export {
  type EventValidation,
  maxFutureSkewMs,
  type ValidateEventOptions,
  validateCanonicalEvent,
  validateEvent,
} from './validateEvent';
export { type Violation, violationSchema } from './violation';
export { maxViolations } from './violations';
