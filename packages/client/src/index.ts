// The public API of @fluxa/client.

export type { UndeliveredEvent } from './batchDelivery';
export type { DeliveryReport, EnqueueOptions } from './batcher';
export { FluxaClient, type RequestOptions } from './client';
export {
  ApiError,
  BufferFullError,
  ClientClosedError,
  type ErrorCode,
  EventTooLargeError,
  FluxaError,
  type FluxaErrorFields,
  NetworkError,
  ResponseError,
} from './errors';
export type { IdentifiedEvent } from './eventIds';
export type {
  Accepted,
  ApiErrorInfo,
  BatchResult,
  Erasure,
  ErasureList,
  ErasureRequest,
  ErasureStarted,
  ErrorBody,
  EventInput,
  EventList,
  EventListQuery,
  EventStatus,
  Health,
  Readiness,
  Replay,
  ReplayDryRun,
  ReplayList,
  ReplayRequest,
  ReplayStarted,
  StoredRecord,
  Violation,
} from './generated/types';
export { defaults as clientDefaults, type FluxaClientOptions } from './options';
export type { RetryInfo } from './retry';
