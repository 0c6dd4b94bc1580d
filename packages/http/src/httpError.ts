import type { ErrorCode, Violation } from '@fluxa/models';

/** An error that is the client's answer: status, stable code, safe message. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: Violation[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}
