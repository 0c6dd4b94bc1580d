import type { ErrorCode, Violation } from '@fluxa/models';

/** What an HttpError carries besides its status, code and message. */
export interface HttpErrorOptions {
  /** Every violation, listed in the error body's `details`. */
  details?: Violation[];
  /** Response headers (say, `Retry-After`). */
  headers?: Record<string, string>;
  /** What caused it, for the log (never the body). */
  cause?: unknown;
}

/** An error that is the client's answer: status, stable code, safe message (never internals). */
export class HttpError extends Error {
  readonly details?: Violation[];
  readonly headers?: Record<string, string>;
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    options: HttpErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HttpError';
    if (options.details) this.details = options.details;
    if (options.headers) this.headers = options.headers;
  }
}
