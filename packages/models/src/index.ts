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
export {
  envelopeSchema,
  type PayloadMode,
  payloadModes,
  type QueueEnvelope,
} from './envelopeSchema';
export { type DetailCode, detailCodes, type ErrorCode, errorCodes } from './errorCodes';
export { isValidEventId, newEventId } from './eventId';
export { defaultListLimit, eventListQuerySchema, maxListLimit } from './eventListQuerySchema';
export {
  type CanonicalEvent,
  canonicalEventSchema,
  type EventInput,
  eventSchema,
  maxAmount,
  maxMetadataKeys,
} from './eventSchema';
export { type EventStatus, eventProcessingStates, eventStatusSchema } from './eventStatusSchema';
export { openApiDocument } from './openapi';
export { type ParsedJson, parseJson } from './parseJson';
export { type FailureCode, failureCodes, PermanentError } from './permanentError';
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
export {
  type EventValidation,
  maxFutureSkewMs,
  type ValidateEventOptions,
  validateCanonicalEvent,
  validateEvent,
} from './validateEvent';
export { type Violation, violationSchema } from './violation';
