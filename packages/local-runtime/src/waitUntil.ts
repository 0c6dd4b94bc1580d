import { setTimeout as sleep } from 'node:timers/promises';

/** A wait whose condition did not come true in time. */
export class WaitTimeoutError extends Error {
  readonly code = 'WAIT_TIMEOUT';
  override readonly name = 'WaitTimeoutError';
}

/** How long {@link waitUntil} polls, how often, and what for (named in its timeout). */
export interface WaitOptions {
  timeoutMs: number;
  /** Pause between checks; 100 ms unless given. */
  intervalMs?: number;
  what: string;
  /** Stops the wait early: it then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Polls `check` until it returns something truthy and returns it; throws a WaitTimeoutError
 * after `timeoutMs` with `what` in the message. The one poll loop of the local stack, the
 * tests and the benchmark: for readiness that no line or message announces (a port, a row).
 */
export async function waitUntil<T>(
  check: () => Promise<T> | T,
  options: WaitOptions,
): Promise<NonNullable<T>> {
  const deadline = performance.now() + options.timeoutMs;
  for (;;) {
    options.signal?.throwIfAborted();
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (performance.now() >= deadline) {
      throw new WaitTimeoutError(`${options.what}: not within ${options.timeoutMs} ms`);
    }
    await sleep(options.intervalMs ?? 100, undefined, { signal: options.signal }).catch(
      (error: unknown) => {
        options.signal?.throwIfAborted(); // the caller's reason, not the timer's AbortError
        throw error;
      },
    );
  }
}
