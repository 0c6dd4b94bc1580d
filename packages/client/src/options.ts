import type { UndeliveredEvent } from './batchDelivery';
import { maxBatchEvents } from './generated/types';
import type { RetryInfo } from './retry';

/** How a {@link FluxaClient} reaches Fluxa and sends in the background. Only `url` is required. */
export interface FluxaClientOptions {
  /** The API's base URL, stage included on AWS: `https://abc123.execute-api.eu-west-1.amazonaws.com/v1`. */
  url: string;
  /**
   * The API key, sent as `x-api-key`. Its scopes decide what the client may do: `write` to
   * send, `read` to read, `replay`, `erase`. Leave it out only to call `health()`/`ready()`.
   */
  apiKey?: string;
  /** Longest wait for one answer, in ms; a slower attempt is a `TIMEOUT`, retried. Default 10 000. */
  requestTimeoutMs?: number;
  /**
   * No retry starts later than this many ms after a request's (or a batch's) first attempt;
   * 0 never retries. Default 30 000.
   */
  retryDeadlineMs?: number;
  /** Backoff ceiling of the first retry, in ms; it doubles per retry. Default 100. */
  retryBaseDelayMs?: number;
  /** Largest backoff ceiling, in ms. Default 5 000. (`Retry-After` may ask for longer; it is honoured.) */
  maxRetryDelayMs?: number;
  /** No enqueued event waits longer than this (ms) for its batch to be sent. Default 1 000. */
  flushIntervalMs?: number;
  /** Events per batch request, 1–500. Default 500. */
  maxBatchEvents?: number;
  /**
   * Bytes of JSON per batch request, at most 4 MiB: a batch then fits the API's limit of
   * 4 MiB on the wire whether or not it is compressed. Default 4 MiB (4 194 304).
   */
  maxBatchBytes?: number;
  /**
   * Events held (buffered or being sent) before `enqueue` waits for room — or, with
   * `wait: false`, rejects. Default 10 000.
   */
  maxBufferedEvents?: number;
  /** Bytes of event JSON held before `enqueue` waits. Default 64 MiB. */
  maxBufferedBytes?: number;
  /** Batch requests in flight at once. Default 4. */
  maxConcurrentBatches?: number;
  /** Request bodies of at least this many bytes are gzip-compressed; `Infinity` never. Default 16 KiB. */
  compressAboveBytes?: number;
  /**
   * Told of each event `enqueue` could not deliver: refused by the service (`rejected`, with
   * every violation) or given up after the retry deadline (`failed`). Called once per batch.
   * Without it, each batch's undelivered events are reported with `process.emitWarning`.
   */
  onUndelivered?: (events: UndeliveredEvent[]) => void;
  /** Told of the ids of the events each batch delivered (the service enqueued them). */
  onDelivered?: (eventIds: string[]) => void;
  /** Told of each retry before its pause (for logs or metrics). */
  onRetry?: (retry: RetryInfo) => void;
  /** The `fetch` to use (a proxy agent, instrumentation). Default: Node's global `fetch`. */
  fetch?: typeof fetch;
  /** Prepended to the User-Agent header, e.g. `checkout-service/2.3`. */
  userAgent?: string;
}

/** The options with every default applied. */
export type ResolvedOptions = Required<
  Omit<FluxaClientOptions, 'apiKey' | 'onUndelivered' | 'onDelivered' | 'onRetry' | 'userAgent'>
> &
  Pick<FluxaClientOptions, 'apiKey' | 'onUndelivered' | 'onDelivered' | 'onRetry' | 'userAgent'>;

const mebibyte = 1024 * 1024;

/** The API's limit on a request body on the wire, compressed or not. */
export const wireLimitBytes = 4 * mebibyte;

/** Every default, documented in docs/CLIENT.md. */
export const defaults = {
  requestTimeoutMs: 10_000,
  retryDeadlineMs: 30_000,
  retryBaseDelayMs: 100,
  maxRetryDelayMs: 5_000,
  flushIntervalMs: 1_000,
  maxBatchEvents,
  maxBatchBytes: wireLimitBytes,
  maxBufferedEvents: 10_000,
  maxBufferedBytes: 64 * mebibyte,
  maxConcurrentBatches: 4,
  compressAboveBytes: 16 * 1024,
} as const;

/** Range of each numeric option: a value outside it is a RangeError naming the option. */
const ranges: Record<keyof typeof defaults, [min: number, max: number]> = {
  requestTimeoutMs: [1, 15 * 60_000],
  retryDeadlineMs: [0, 24 * 60 * 60_000],
  retryBaseDelayMs: [1, 60_000],
  maxRetryDelayMs: [1, 15 * 60_000],
  flushIntervalMs: [1, 60 * 60_000],
  maxBatchEvents: [1, maxBatchEvents],
  maxBatchBytes: [1024, wireLimitBytes],
  maxBufferedEvents: [1, Number.MAX_SAFE_INTEGER],
  maxBufferedBytes: [1024, Number.MAX_SAFE_INTEGER],
  maxConcurrentBatches: [1, 64],
  compressAboveBytes: [0, Number.POSITIVE_INFINITY],
};

/**
 * The options with defaults applied; a missing or malformed `url`, or a number out of its
 * range, throws at once (a TypeError or RangeError naming the option), not at the first send.
 */
export function resolveOptions(options: FluxaClientOptions): ResolvedOptions {
  if (typeof options?.url !== 'string' || !URL.canParse(options.url)) {
    throw new TypeError(`FluxaClient: url must be an absolute URL, got ${String(options?.url)}`);
  }
  const protocol = new URL(options.url).protocol;
  if (protocol !== 'https:' && protocol !== 'http:') {
    throw new TypeError(`FluxaClient: url must be http: or https:, got ${protocol}`);
  }
  if (
    options.apiKey !== undefined &&
    (typeof options.apiKey !== 'string' || options.apiKey === '')
  ) {
    throw new TypeError('FluxaClient: apiKey must be a non-empty string when given');
  }
  const numbers = { ...defaults } as Record<keyof typeof defaults, number>;
  for (const name of Object.keys(defaults) as Array<keyof typeof defaults>) {
    const value = options[name];
    if (value === undefined) continue;
    const [min, max] = ranges[name];
    const whole =
      name === 'compressAboveBytes'
        ? value === Number.POSITIVE_INFINITY || Number.isInteger(value)
        : Number.isInteger(value);
    if (typeof value !== 'number' || !whole || value < min || value > max) {
      throw new RangeError(
        `FluxaClient: ${name} must be a whole number from ${min} to ${max}, got ${String(value)}`,
      );
    }
    numbers[name] = value;
  }
  return {
    ...options,
    ...numbers,
    url: options.url.replace(/\/+$/, ''),
    fetch: options.fetch ?? globalThis.fetch,
  };
}
