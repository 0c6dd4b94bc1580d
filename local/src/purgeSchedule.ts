import { type MigrateEvent, purgeKeysAction } from '@fluxa/models';

/** How often the stack purges old idempotency keys: hourly, as the AWS schedule does. */
const purgeIntervalMs = 60 * 60_000;

/**
 * Runs the migrate bundle's idempotency key purge now and every hour, like the EventBridge
 * schedule on AWS (same action, same IDEMPOTENCY_RETENTION_DAYS); a failed run is told and
 * left to the next. `stop()` waits for a run in progress.
 */
export function schedulePurge(
  migrate: (event: MigrateEvent) => Promise<unknown>,
  tell: (line: string) => void,
): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = migrate({ action: purgeKeysAction }).then(
      () => undefined,
      (error: unknown) =>
        tell(
          `the idempotency key purge failed (${error instanceof Error ? error.message : error}); the next run retries`,
        ),
    );
  };
  run();
  const timer = setInterval(run, purgeIntervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
