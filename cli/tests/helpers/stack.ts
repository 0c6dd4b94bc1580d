import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type RunningStack, startLocalStack } from '@fluxa/local';
import { createTestDatabase, type TestDatabase } from '@fluxa/testing';

/** A local stack for CLI tests, and the directory whose `.local/stack.json` describes it. */
export interface TestStack {
  stack: RunningStack;
  /** Run the CLI here: it finds the stack through `.local/stack.json`, like a developer would. */
  cwd: string;
  stop(): Promise<void>;
}

/**
 * Starts the real local stack (API server + poller around the bundled handlers)
 * on the test run's PostgreSQL (a fresh database) with its own persistent
 * emulator, as `make local-up` runs it, and its state in `<tmp>/.local`.
 */
export async function startTestStack(): Promise<TestStack> {
  const db: TestDatabase = await createTestDatabase();
  const cwd = mkdtempSync(path.join(tmpdir(), 'fluxa-cli-stack-'));
  const stack = await startLocalStack({
    stateDir: path.join(cwd, '.local'),
    databaseUrl: db.url,
    apiKeys: ['cli-test-key'],
    batchingWindowMs: 20,
    visibilityTimeoutSeconds: 5,
  });
  return {
    stack,
    cwd,
    async stop() {
      await stack.stop();
      await db.drop();
    },
  };
}
