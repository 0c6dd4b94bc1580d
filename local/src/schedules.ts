import { setTimeout as sleep } from 'node:timers/promises';
import { lifecycleAction } from '@fluxa/models';
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

/**
 * Between two lifecycle runs here: an erasure is done within seconds; on AWS the schedule runs
 * every minute.
 */
const lifecycleIntervalMs = 5_000;

/**
 * The migrate bundle's lifecycle run (erasures, retention, key purge) in a container of its own,
 * now and every 5 s, as the EventBridge schedule sends it on AWS. `kill()` ends a run mid-way, as
 * a crash would; the next run goes on.
 */
export function scheduleLifecycle(
  migrate: FunctionContainer,
  tell: (line: string) => void,
): Repeating & { kill(): Promise<void> } {
  return repeatIn(
    migrate,
    'the lifecycle run',
    lifecycleIntervalMs,
    { action: lifecycleAction },
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
  return repeatIn(relay, 'the relay run', relayIntervalMs, {}, tell);
}

/** Invokes a function's container with `event` on a schedule; stopping ends the container too. */
function repeatIn(
  container: FunctionContainer,
  what: string,
  intervalMs: number,
  event: unknown,
  tell: (line: string) => void,
): Repeating & { kill(): Promise<void> } {
  const schedule = repeat(what, intervalMs, () => container.invoke(event), tell);
  return {
    kill: () => container.close(),
    async stop() {
      // A run's work is in short transactions: ending it mid-way rolls back the one in hand.
      const stopped = schedule.stop();
      await container.close();
      await stopped;
    },
  };
}
