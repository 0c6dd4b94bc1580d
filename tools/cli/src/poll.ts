import { setTimeout } from 'node:timers/promises';
import { InterruptedError } from './errors';

/** Resolves after `ms`, or rejects with {@link InterruptedError} when `signal` aborts first. */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await setTimeout(ms, undefined, signal ? { signal } : undefined);
  } catch (error) {
    if (signal?.aborted) throw new InterruptedError();
    throw error;
  }
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
