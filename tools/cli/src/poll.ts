import { InterruptedError } from './errors';

/** Resolves after `ms`, or rejects with {@link InterruptedError} when `signal` aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new InterruptedError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new InterruptedError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Calls `attempt` every `intervalMs` until it returns a value or `timeoutMs` has
 * passed (then undefined): bounded, so a command that waits always ends.
 */
export async function pollUntil<T>(
  attempt: () => Promise<T | undefined>,
  options: { timeoutMs: number; intervalMs: number; signal?: AbortSignal },
): Promise<T | undefined> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await attempt();
    if (value !== undefined) return value;
    const left = deadline - Date.now();
    if (left <= 0) return undefined;
    await sleep(Math.min(options.intervalMs, left), options.signal);
  }
}
