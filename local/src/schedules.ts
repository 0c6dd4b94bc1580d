import { setTimeout as sleep } from 'node:timers/promises';
import { lifecycleAction, type MigrateEvent } from '@fluxa/models';
import type { FunctionContainer } from './container';

/** A job the stack repeats; `stop()` waits for a run in progress. */
export interface Repeating {
  stop(): Promise<void>;
}

/**
 * Runs `run` now, then again `intervalMs` after each run ends (runs never overlap), as an
 * EventBridge schedule invokes a function on AWS. A failed run is told and left to the next.
 */
export function repeat(
  what: string,
  intervalMs: number,
  run: () => Promise<unknown>,
  tell: (line: string) => void,
): Repeating {
  const stopping = new AbortController();
  const loop = (async () => {
    while (!stopping.signal.aborted) {
      try {
        await run();
      } catch (error) {
        tell(
          `${what} failed (${error instanceof Error ? error.message : error}); the next run retries`,
        );
      }
      await sleep(intervalMs, undefined, { signal: stopping.signal }).catch(() => undefined);
    }
  })();
  return {
    async stop() {
      stopping.abort();
      await loop;
    },
  };
}

/** How often the stack purges old idempotency keys: hourly, as the AWS schedule does. */
const keyPurgeIntervalMs = 60 * 60_000;

/** The migrate bundle's idempotency key purge, now and hourly (same action, same retention). */
export function scheduleKeyPurge(
  migrate: (event: MigrateEvent) => Promise<unknown>,
  tell: (line: string) => void,
): Repeating {
  return repeat(
    'the idempotency key purge',
    keyPurgeIntervalMs,
    () => migrate({ action: lifecycleAction }),
    tell,
  );
}

/**
 * Between two runs of the relay here: an event owed past the local grace period (10 s) is
 * published within seconds; on AWS the schedule runs it every minute.
 */
const relayIntervalMs = 2_000;

/**
 * The relay bundle in a container of its own (a run may be long: a replay), now and every 2 s.
 * `kill()` ends the container mid-run, as a crash would; the next run starts a new one.
 */
export function scheduleRelay(
  relay: FunctionContainer,
  tell: (line: string) => void,
): Repeating & { kill(): Promise<void> } {
  const schedule = repeat('the relay run', relayIntervalMs, () => relay.invoke({}), tell);
  return {
    kill: () => relay.close(),
    async stop() {
      // A run's page is one transaction: ending it mid-page rolls the page back, nothing lost.
      const stopped = schedule.stop();
      await relay.close();
      await stopped;
    },
  };
}
