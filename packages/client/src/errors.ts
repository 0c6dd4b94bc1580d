import type { ApiErrorInfo, Violation } from './generated/types';

/**
 * A code of the API's error body. A newer service may answer a code this client does not
 * list yet, so any string is possible; the listed ones are the service's today.
 */
export type ErrorCode = ApiErrorInfo['code'] | (string & {});

/** What every {@link FluxaError} carries. */
export interface FluxaErrorFields {
  code: string;
  message: string;
  /** HTTP status of the answer that carried the error; absent when there was no answer. */
  status?: number;
  /** Every violation the service listed (field, code, reason); empty when it listed none. */
  details?: readonly Violation[];
  /** The request's correlation id, from the error body or the `X-Correlation-ID` header. */
  correlationId?: string;
  /** Whether sending the same request again may succeed (the client does so within its deadline). */
  retryable?: boolean;
  /** The request that failed: its method and path (below the base URL, as sent). */
  method?: string;
  path?: string;
  cause?: unknown;
}

/** The base class of every error the client throws or reports: `instanceof FluxaError` catches them all. */
export class FluxaError extends Error {
  override readonly name: string = 'FluxaError';
  /** A stable code to branch on: the API's error code, or one of this client's (`TIMEOUT`, `BUFFER_FULL`, …). */
  readonly code: string;
  /** HTTP status of the answer that carried the error; absent when there was no answer. */
  readonly status: number | undefined;
  /** Every violation the service listed; empty when it listed none. */
  readonly details: readonly Violation[];
  /** The request's correlation id, to find it in the service's logs. */
  readonly correlationId: string | undefined;
  /** Whether the same request may succeed if sent again. */
  readonly retryable: boolean;
  /** Method of the request that failed, e.g. `POST`; absent for errors of the buffer. */
  readonly method: string | undefined;
  /** Path of the request that failed, e.g. `/events/batch`. */
  readonly path: string | undefined;

  constructor(fields: FluxaErrorFields) {
    super(fields.message, fields.cause === undefined ? undefined : { cause: fields.cause });
    this.code = fields.code;
    this.status = fields.status;
    this.details = fields.details ?? [];
    this.correlationId = fields.correlationId;
    this.retryable = fields.retryable ?? false;
    this.method = fields.method;
    this.path = fields.path;
  }
}

/**
 * The API answered with an error status (or rejected one item of a batch), with its error
 * body: `code` (e.g. `VALIDATION_FAILED`), `message`, every violation in `details`, and the
 * correlation id. 408, 429, 502, 503 and 504 are `retryable`; no other status is.
 */
export class ApiError extends FluxaError {
  override readonly name = 'ApiError';
  override readonly code: ErrorCode;
  /**
   * For 429 and 503: how long the service asked the client to wait (`Retry-After`), in
   * milliseconds. The client's retries never resend sooner.
   */
  readonly retryAfterMs: number | undefined;

  constructor(fields: FluxaErrorFields & { code: ErrorCode; retryAfterMs?: number }) {
    super(fields);
    this.code = fields.code;
    this.retryAfterMs = fields.retryAfterMs;
  }
}

/**
 * No answer arrived: the connection failed or was cut (`NETWORK_ERROR`), or the answer took
 * longer than `requestTimeoutMs` (`TIMEOUT`). Always retryable: whether or not the service
 * received the request, sending the same `event_id` again stores the event once.
 */
export class NetworkError extends FluxaError {
  override readonly name = 'NetworkError';
  override readonly code: 'NETWORK_ERROR' | 'TIMEOUT';

  constructor(
    fields: Omit<FluxaErrorFields, 'code' | 'retryable'> & { code: 'NETWORK_ERROR' | 'TIMEOUT' },
  ) {
    super({ ...fields, retryable: true });
    this.code = fields.code;
  }
}

/** A success status with a body that is not the JSON the route answers (`UNEXPECTED_RESPONSE`): a proxy in the way, or the wrong URL. */
export class ResponseError extends FluxaError {
  override readonly name = 'ResponseError';
}

/** `enqueue` with `wait: false` found the buffer full (`BUFFER_FULL`): nothing was buffered. */
export class BufferFullError extends FluxaError {
  override readonly name = 'BufferFullError';
}

/** `enqueue` after `close()` began (`CLIENT_CLOSED`): nothing was buffered. */
export class ClientClosedError extends FluxaError {
  override readonly name = 'ClientClosedError';
}

/** An event whose JSON alone exceeds the batch or buffer limit (`EVENT_TOO_LARGE`): it can never be batched. */
export class EventTooLargeError extends FluxaError {
  override readonly name = 'EventTooLargeError';
}
