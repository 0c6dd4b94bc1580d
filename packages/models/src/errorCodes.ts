/** Error codes of the HTTP error body (SPEC §3), as a runtime list. */
export const errorCodes = [
  'INVALID_JSON',
  'VALIDATION_FAILED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'INVALID_EVENT_ID',
  'THROTTLED',
  'SERVICE_UNAVAILABLE',
  'INTERNAL',
] as const;

/** One of the error body codes of SPEC §3. */
export type ErrorCode = (typeof errorCodes)[number];

/** Detail codes of one violation in an error body, as a runtime list. */
export const detailCodes = ['MISSING_FIELD', 'INVALID_VALUE', 'UNKNOWN_FIELD'] as const;

/** One of the violation detail codes of SPEC §3. */
export type DetailCode = (typeof detailCodes)[number];
