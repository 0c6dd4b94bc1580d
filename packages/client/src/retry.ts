import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError, FluxaError } from './errors';

/** How failed requests are retried. */
export interface RetryPolicy {
  /** No retry starts later than this many milliseconds after the first attempt began; 0 = never retry. */
  deadlineMs: number;
  /** The backoff ceiling of the first retry; it doubles with each retry up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Told of each retry before its pause. */
  onRetry?: (retry: RetryInfo) => void;
}

/** One retry about to happen, as `onRetry` sees it. */
export interface RetryInfo {
  /** What is retried, e.g. `POST /events/batch`. */
  request: string;
  /** The attempt that failed, 1 for the first. */
  attempt: number;
  /** The pause before the next attempt, in milliseconds. */
  delayMs: number;
  /** Why the attempt failed (for a batch whose items failed, the first item's error). */
  error: FluxaError;
}

/** Whether an error is worth the same request again: a {@link FluxaError} marked retryable. */
export function isRetryable(error: unknown): error is FluxaError {
  return error instanceof FluxaError && error.retryable;
}

/**
 * The pause before retry number `attempt` (1-based): exponential backoff with full jitter
 * (a uniform draw in [0, min(max, base × 2^(attempt−1))]) so that many clients throttled at
 * once spread out, but never shorter than the `Retry-After` the service asked for.
 */
export function retryDelayMs(
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>,
  attempt: number,
  error: FluxaError,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.floor(random() * ceiling);
  const asked = error instanceof ApiError ? (error.retryAfterMs ?? 0) : 0;
  return Math.max(jittered, asked);
}

/** Where a retried operation stands: when it began (its deadline counts from then) and what aborts it. */
export interface RetryScope {
  /** `Date.now()` when the first attempt began. */
  startedAt: number;
  signal?: AbortSignal | undefined;
}

/**
 * Pauses before retry number `attempt` of `request` and resolves true, or resolves false at
 * once when that retry would start past the deadline (the caller then gives up). `onRetry`
 * hears of each retry; the scope's signal aborts the pause (rejecting with its reason).
 */
export async function pauseBeforeRetry(
  policy: RetryPolicy,
  scope: RetryScope,
  request: string,
  attempt: number,
  error: FluxaError,
): Promise<boolean> {
  const delayMs = retryDelayMs(policy, attempt, error);
  if (Date.now() + delayMs - scope.startedAt > policy.deadlineMs) return false;
  policy.onRetry?.({ request, attempt, delayMs, error });
  await sleepAtLeast(delayMs, scope.signal);
  return true;
}

/**
 * Sleeps `ms` by the wall clock: a timer may fire a millisecond before the clock says the
 * time is up, and `Retry-After` is a floor.
 */
async function sleepAtLeast(ms: number, signal: AbortSignal | undefined): Promise<void> {
  const until = Date.now() + ms;
  do {
    await sleep(until - Date.now(), undefined, signal ? { signal } : undefined);
  } while (Date.now() < until);
}

/**
 * Runs `attempt` until it succeeds, fails with an error that is not retryable, or the next
 * retry would start past the deadline — then throws the last error.
 */
export async function withRetries<T>(
  request: string,
  attempt: () => Promise<T>,
  policy: RetryPolicy,
  scope: RetryScope,
): Promise<T> {
  for (let attempts = 1; ; attempts += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (!isRetryable(error) || scope.signal?.aborted) throw error;
      if (!(await pauseBeforeRetry(policy, scope, request, attempts, error))) throw error;
    }
  }
}
