import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type RunningStack, startLocalStack } from '@fluxa/local';
import { waitUntil } from '@fluxa/local-runtime';
import { createTestDatabase } from '@fluxa/testing';

/** A key of the test stack's tenant with the write scope only. */
export const writeOnlyKey = 'cli-write-only-key';

/** A local stack for CLI tests, and the directory whose `.local/stack.json` describes it. */
export interface TestStack {
  stack: RunningStack;
  /** Run the CLI here: it finds the stack through `.local/stack.json`, like a developer would. */
  cwd: string;
  /**
   * Resolves once the stack's database holds every one of the events: read from the
   * database itself, not through the API the CLI is tested against.
   */
  waitUntilStored(eventIds: string[]): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the real local stack (API server + poller around the bundled handlers)
 * on a fresh migrated database of the test run's PostgreSQL, with its own persistent
 * emulator, as `make local-up` runs it, and its state in `<tmp>/.local`.
 */
export async function startTestStack(
  // The first key is the one stack.json lists; the second may only write.
  apiKeys = ['cli-test-key', `${writeOnlyKey}@default:write`],
): Promise<TestStack> {
  const db = await createTestDatabase();
  const cwd = mkdtempSync(path.join(tmpdir(), 'fluxa-cli-stack-'));
  const stack = await startLocalStack({
    stateDir: path.join(cwd, '.local'),
    databaseUrl: db.url,
    apiKeys,
    batchingWindowMs: 20,
    visibilityTimeoutSeconds: 5,
    // Ingest reads a tenant's suppression list at most every second (a minute by default).
    env: { SUPPRESSION_CACHE_SECONDS: '1' },
  });
  return {
    stack,
    cwd,
    async waitUntilStored(eventIds) {
      await waitUntil(
        async () => {
          const [row] = await db.sql<[{ stored: number }]>`
            select count(*)::int as stored from events where event_id = any(${eventIds})`;
          return row?.stored === eventIds.length;
        },
        { timeoutMs: 20_000, what: `${eventIds.length} event(s) stored` },
      );
    },
    async stop() {
      await stack.stop();
      await db.drop();
    },
  };
}
