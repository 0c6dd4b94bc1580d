import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import { ApiError, type ErrorCode, NetworkError, ResponseError } from './errors';
import type { Violation } from './generated/types';
import { type RetryPolicy, type RetryScope, withRetries } from './retry';

const gzip = promisify(gzipCallback);

/** How the transport reaches the API. */
export interface TransportConfig {
  /** Base URL without a trailing slash, e.g. `https://…/v1`. */
  baseUrl: string;
  apiKey: string | undefined;
  requestTimeoutMs: number;
  /** Bodies of at least this many bytes are sent gzip-compressed. */
  compressAboveBytes: number;
  userAgent: string;
  retry: RetryPolicy;
  fetch: typeof fetch;
}

/** One call of the API. */
export interface ApiRequest {
  method: 'GET' | 'POST' | 'DELETE';
  /** Path below the base URL, its segments already encoded, e.g. `/events/pay-1`. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** The JSON text of the body. */
  json?: string;
  correlationId?: string | undefined;
  signal?: AbortSignal | undefined;
}

/** A successful answer: status, parsed JSON body, and the request's correlation id. */
export interface ApiAnswer {
  status: number;
  body: unknown;
  correlationId: string | undefined;
}

/** A request body as it goes on the wire. */
interface WireBody {
  bytes: string | Uint8Array;
  gzipped: boolean;
}

/** Statuses worth the same request again: the request timed out, was throttled, or the service (or the gateway before it) was briefly unavailable. */
const retryableStatuses = new Set([408, 429, 502, 503, 504]);

/** The code of an error answer whose body carries none (a proxy's page, an empty body). */
const codeByStatus: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  408: 'REQUEST_TIMEOUT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'THROTTLED',
  500: 'INTERNAL',
  503: 'SERVICE_UNAVAILABLE',
};

/**
 * Sends requests to the Fluxa API: the key in `x-api-key`, JSON bodies gzip-compressed above
 * a size, a timeout per attempt, retries of what {@link isRetryable} allows within the
 * deadline, and every failure turned into an {@link ApiError}, {@link NetworkError} or
 * {@link ResponseError}.
 */
export class Transport {
  constructor(readonly config: TransportConfig) {}

  /**
   * Sends the request, retrying within the policy's deadline counted from `scope.startedAt`
   * (default: now), and resolves with the 2xx answer or throws the last error.
   */
  async request(request: ApiRequest, scope?: Partial<RetryScope>): Promise<ApiAnswer> {
    const body = request.json === undefined ? undefined : await this.encode(request.json);
    const what = `${request.method} ${request.path}`;
    return withRetries(what, () => this.attempt(request, body), this.config.retry, {
      startedAt: scope?.startedAt ?? Date.now(),
      signal: request.signal,
    });
  }

  private async encode(json: string): Promise<WireBody> {
    if (Buffer.byteLength(json) < this.config.compressAboveBytes) {
      return { bytes: json, gzipped: false };
    }
    return { bytes: new Uint8Array(await gzip(json)), gzipped: true };
  }

  private url(request: ApiRequest): URL {
    const url = new URL(`${this.config.baseUrl}${request.path}`);
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    return url;
  }

  private headers(request: ApiRequest, body: WireBody | undefined): Record<string, string> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': this.config.userAgent,
    };
    if (this.config.apiKey !== undefined) headers['x-api-key'] = this.config.apiKey;
    if (request.correlationId !== undefined) headers['x-correlation-id'] = request.correlationId;
    if (body) headers['content-type'] = 'application/json';
    if (body?.gzipped) headers['content-encoding'] = 'gzip';
    return headers;
  }

  /** One attempt: the answer when its status is 2xx, else the error it stands for. */
  private async attempt(request: ApiRequest, body: WireBody | undefined): Promise<ApiAnswer> {
    // The caller's signal or the timeout, whichever comes first (AbortSignal.any needs Node 20.3).
    const { signal: caller } = request;
    caller?.throwIfAborted();
    const aborter = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      aborter.abort();
    }, this.config.requestTimeoutMs);
    const onAbort = () => aborter.abort(caller?.reason);
    caller?.addEventListener('abort', onAbort, { once: true });
    let status: number;
    let text: string;
    let headers: Headers;
    try {
      const response = await this.config.fetch(this.url(request), {
        method: request.method,
        headers: this.headers(request, body),
        ...(body ? { body: body.bytes } : {}),
        signal: aborter.signal,
      });
      status = response.status;
      headers = response.headers;
      text = await response.text();
    } catch (error) {
      if (caller?.aborted) throw error;
      const { method, path } = request;
      if (timedOut) {
        throw new NetworkError({
          code: 'TIMEOUT',
          message: `${method} ${path}: no answer within ${this.config.requestTimeoutMs} ms`,
          method,
          path,
          cause: error,
        });
      }
      throw new NetworkError({
        code: 'NETWORK_ERROR',
        message: `${method} ${path}: cannot reach ${this.config.baseUrl}`,
        method,
        path,
        cause: error,
      });
    } finally {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onAbort);
    }
    const parsed = parseJson(text);
    const correlationId = headers.get('x-correlation-id') ?? undefined;
    if (status >= 200 && status < 300) {
      if (parsed.ok) return { status, body: parsed.value, correlationId };
      throw new ResponseError({
        code: 'UNEXPECTED_RESPONSE',
        message: `${request.method} ${request.path}: answered ${status} with a body that is not JSON`,
        status,
        correlationId,
        method: request.method,
        path: request.path,
      });
    }
    throw errorOfAnswer(request, status, parsed.ok ? parsed.value : undefined, headers);
  }
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** The `error` of an error body, read leniently: a field of the wrong type is left out. */
export function errorInfoOf(body: unknown): {
  code?: string;
  message?: string;
  details: Violation[];
  correlationId?: string;
} {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const error =
    typeof record.error === 'object' && record.error !== null
      ? (record.error as Record<string, unknown>)
      : {};
  const details = Array.isArray(error.details) ? error.details.filter(isViolation) : [];
  return {
    ...(typeof error.code === 'string' ? { code: error.code } : {}),
    ...(typeof error.message === 'string' ? { message: error.message } : {}),
    details,
    ...(typeof record.correlation_id === 'string' ? { correlationId: record.correlation_id } : {}),
  };
}

function isViolation(value: unknown): value is Violation {
  if (typeof value !== 'object' || value === null) return false;
  const { field, code, reason } = value as Record<string, unknown>;
  return typeof field === 'string' && typeof code === 'string' && typeof reason === 'string';
}

/** An HTTP date as servers send it (IMF-fixdate, RFC 9110 §5.6.7), e.g. `Sun, 06 Nov 1994 08:49:37 GMT`. */
const httpDate = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/** `Retry-After` in milliseconds: delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  if (!httpDate.test(value)) return undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function errorOfAnswer(
  request: ApiRequest,
  status: number,
  body: unknown,
  headers: Headers,
): ApiError {
  const info = errorInfoOf(body);
  const code = info.code ?? codeByStatus[status] ?? `HTTP_${status}`;
  const delay = retryAfterMs(headers.get('retry-after'));
  return new ApiError({
    code,
    message: `${request.method} ${request.path}: ${status} ${code}${info.message ? ` ${info.message}` : ''}`,
    status,
    details: info.details,
    correlationId: info.correlationId ?? headers.get('x-correlation-id') ?? undefined,
    retryable: retryableStatuses.has(status),
    method: request.method,
    path: request.path,
    ...(delay === undefined ? {} : { retryAfterMs: delay }),
  });
}
