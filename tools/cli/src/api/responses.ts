import {
  routes,
  type SchemaName,
  type SchemaTypes,
  type Scope,
  type Violation,
  validateAgainst,
} from '@fluxa/models';
import { CliError } from '../errors';
import type { ApiResponse } from './client';

/** The `error` of an error body, read leniently (any server, any version). */
export interface ApiErrorInfo {
  code: string;
  message: string;
  details: Violation[];
}

/** Reads `{"error":{code,message,details}}` from an untrusted body, if it has that shape. */
export function errorInfoOf(body: unknown): ApiErrorInfo | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const error = (body as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, message, details } = error as Record<string, unknown>;
  const checked = validateAgainst('errorBody', { error, correlation_id: 'x' });
  return {
    code: typeof code === 'string' ? code : 'UNKNOWN',
    message: typeof message === 'string' ? message : '',
    details: checked.ok && Array.isArray(details) ? (checked.value.error.details ?? []) : [],
  };
}

/** One line per violation: `  amount: must be greater than 0 (INVALID_VALUE)`. */
export function violationLines(violations: Violation[]): string[] {
  return violations.map(
    (violation) => `  ${violation.field || '(body)'}: ${violation.reason} (${violation.code})`,
  );
}

/** The scope a request like `POST /events…` needs, from the API's route table. */
function scopeOf(what: string): Scope | undefined {
  const method = what.split(' ')[0];
  return (
    routes.find((route) => route.method === method && route.scope !== null)?.scope ?? undefined
  );
}

/** An API answer with an unexpected status: a {@link CliError} that keeps the status. */
export class ApiFailure extends CliError {
  constructor(
    message: string,
    code: string,
    readonly status: number,
  ) {
    super(message, code);
  }
}

/** Worth asking again: the API throttled (429) or was briefly unavailable (5xx), or unreachable. */
export function isTransientFailure(error: unknown): boolean {
  if (error instanceof ApiFailure) return error.status === 429 || error.status >= 500;
  return error instanceof CliError && error.code === 'UNREACHABLE';
}

/**
 * The error for an unexpected API status, e.g. `POST /events: 400 VALIDATION_FAILED
 * event failed validation` plus one line per violation; 401/403 say which setting
 * holds the key.
 */
export function apiFailure(what: string, response: ApiResponse): ApiFailure {
  const info = errorInfoOf(response.body);
  const head = info
    ? `${what}: ${response.status} ${info.code} ${info.message}`.trimEnd()
    : `${what}: HTTP ${response.status}`;
  if (response.status === 401 || response.status === 403) {
    const scope = scopeOf(what);
    const hint = scope
      ? `this needs a key with the ${scope} scope: check --api-key / FLUXA_API_KEY`
      : 'check --api-key / FLUXA_API_KEY';
    return new ApiFailure(`${head} — ${hint}`, info?.code ?? 'UNAUTHORIZED', response.status);
  }
  const retry = response.headers.get('retry-after');
  const tail = response.status === 429 && retry ? ` (retry after ${retry} s)` : '';
  return new ApiFailure(
    [`${head}${tail}`, ...violationLines(info?.details ?? [])].join('\n'),
    info?.code ?? `HTTP_${response.status}`,
    response.status,
  );
}

/**
 * The body of a successful response checked against its schema from
 * `@fluxa/models`; a body of another shape is an error, not a crash later.
 */
export function expectBody<Name extends SchemaName>(
  response: ApiResponse,
  name: Name,
  what: string,
): SchemaTypes[Name] {
  const checked = validateAgainst(name, response.body);
  if (checked.ok) return checked.value;
  const first = checked.violations[0];
  const reason = first ? `${first.field || '(body)'} ${first.reason}` : 'unexpected shape';
  throw new CliError(`${what}: unexpected response body (${reason})`, 'BAD_RESPONSE');
}
