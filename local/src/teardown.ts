/** What a start has brought up so far, to stop in reverse order — on failure as on Ctrl-C. */
export interface Teardown {
  /** Registers how to stop what was just started. */
  add(what: string, stop: () => Promise<void>): void;
  /** Stops everything registered, last started first; a failing stop does not skip the rest. */
  run(): Promise<void>;
}

/** An empty teardown; `log` records each stop, and any that fails. */
export function createTeardown(log: (line: string) => void): Teardown {
  const steps: { what: string; stop: () => Promise<void> }[] = [];
  return {
    add(what, stop) {
      steps.push({ what, stop });
    },
    async run() {
      for (const { what, stop } of steps.splice(0).reverse()) {
        log(`stopping ${what}`);
        await stop().catch((error: unknown) =>
          log(`stopping ${what} failed: ${error instanceof Error ? error.message : error}`),
        );
      }
    },
  };
}
