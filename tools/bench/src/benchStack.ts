import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type RunningStack, startLocalStack } from '@fluxa/local';

/** A local stack of the benchmark's own; `stop` stops it and removes its state. */
export interface BenchStack {
  stack: RunningStack;
  stop(): Promise<void>;
}

/**
 * Starts a local stack with its defaults in a fresh temp state dir, on free ports so the bench
 * runs beside a `make local` or a test run on this machine.
 */
export async function startBenchStack(): Promise<BenchStack> {
  const stateRoot = mkdtempSync(path.join(tmpdir(), 'fluxa-bench-local-'));
  chmodSync(stateRoot, 0o755); // the postgres user (when we are root) must reach its data dir
  const cleanUp = () => rmSync(stateRoot, { recursive: true, force: true });
  try {
    const stack = await startLocalStack({
      stateDir: path.join(stateRoot, 'state'),
      apiPort: 0,
      emulatorPort: 0,
      pgPort: 0,
      timeoutMs: 90_000,
    });
    return {
      stack,
      async stop() {
        await stack.stop();
        cleanUp();
      },
    };
  } catch (error) {
    cleanUp();
    throw error;
  }
}
