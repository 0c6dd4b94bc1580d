/** `content` of a JSON body described by a `$ref`. */
export function jsonContent(ref: string) {
  return { 'application/json': { schema: { $ref: ref } } };
}

/** Reference to a component schema by name. */
export function schemaRef(name: string): string {
  return `#/components/schemas/${name}`;
}

/** The `X-Correlation-ID` header every response carries. */
export const correlationHeader = {
  'X-Correlation-ID': { $ref: '#/components/headers/CorrelationId' },
};

/** A success response whose body is the named component schema. */
export function success(description: string, schemaName: string) {
  return { description, headers: correlationHeader, content: jsonContent(schemaRef(schemaName)) };
}

function failure(description: string) {
  return { description, headers: correlationHeader, content: jsonContent(schemaRef('ErrorBody')) };
}

/** Error responses (all with the error body), by component name. */
export const errorResponses = {
  BadRequest: failure('Invalid JSON, schema violations (all listed) or an invalid id.'),
  Unauthorized: failure('The x-api-key header is missing.'),
  Forbidden: failure('The API key is not known.'),
  NotFound: failure('No such event (yet), or no such resource of the key’s tenant.'),
  Conflict: failure('Another replay of the tenant is running (named in the message).'),
  PayloadTooLarge: failure('The body exceeds the size limit.'),
  UnsupportedMediaType: failure('The body is not application/json.'),
  Throttled: {
    ...failure('Too many requests; retry after Retry-After seconds.'),
    headers: {
      ...correlationHeader,
      'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer', minimum: 0 } },
    },
  },
  InternalError: failure('Unexpected failure; carries no internals.'),
  ServiceUnavailable: failure('A dependency is unavailable; nothing was half-written.'),
};

type ErrorResponseName = keyof typeof errorResponses;

const errorStatus: Record<ErrorResponseName, string> = {
  BadRequest: '400',
  Unauthorized: '401',
  Forbidden: '403',
  NotFound: '404',
  Conflict: '409',
  PayloadTooLarge: '413',
  UnsupportedMediaType: '415',
  Throttled: '429',
  InternalError: '500',
  ServiceUnavailable: '503',
};

/** `responses` entries (status → `$ref`) for the named error responses. */
export function errors(...names: ErrorResponseName[]) {
  return Object.fromEntries(
    names.map((name) => [errorStatus[name], { $ref: `#/components/responses/${name}` }]),
  );
}
