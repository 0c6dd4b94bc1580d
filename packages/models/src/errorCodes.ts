/**
 * Error codes of the HTTP error body, as a runtime list. `BAD_REQUEST` and `REQUEST_TIMEOUT`
 * answer what the HTTP layer itself refuses (a malformed request line or header, a body that
 * never arrives); the others answer requests that reached a route.
 */
export const errorCodes = [
  'BAD_REQUEST',
  'REQUEST_TIMEOUT',
  'INVALID_JSON',
  'VALIDATION_FAILED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'INVALID_EVENT_ID',
  'REPLAY_IN_PROGRESS',
  'USER_SUPPRESSED',
  'THROTTLED',
  'SERVICE_UNAVAILABLE',
  'INTERNAL',
] as const;

/** One of the error body codes. */
export type ErrorCode = (typeof errorCodes)[number];

/** Detail codes of one violation in an error body, as a runtime list. */
export const detailCodes = ['MISSING_FIELD', 'INVALID_VALUE', 'UNKNOWN_FIELD'] as const;

/** One of the violation detail codes. */
export type DetailCode = (typeof detailCodes)[number];
