import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type RunningStack, startLocalStack } from '@fluxa/local';
import { waitUntil } from '@fluxa/local-runtime';
import { createTestDatabase } from '@fluxa/testing';

/** The key the tests send with: tenant `default`, scopes write and read. */
export const apiKey = 'client-test-key';

/** A key of the same tenant that may only read. */
export const readOnlyKey = 'client-read-only-key';

/** A local stack for the client's tests, and its database read directly (never through the API under test). */
export interface ClientStack {
  url: string;
  stack: RunningStack;
  /** How many stored rows each of these event ids has (0 when not stored). */
  rowsOf(eventIds: readonly string[]): Promise<Map<string, number>>;
  /** Resolves once every one of the events is stored. */
  waitUntilStored(eventIds: readonly string[]): Promise<void>;
  stop(): Promise<void>;
}

/** Options of {@link startClientStack}. */
export interface ClientStackOptions {
  /** Environment of the stack (e.g. FLUXA_RATE_LIMIT). */
  env?: Record<string, string>;
  /** An emulator the test controls, instead of the stack's own. */
  emulatorEndpoint?: string;
}

/**
 * Starts the real local stack (API server and poller around the bundled functions) on a
 * fresh migrated database of the test run's PostgreSQL, as `make local-up` runs it.
 */
export async function startClientStack(options: ClientStackOptions = {}): Promise<ClientStack> {
  const db = await createTestDatabase();
  const stack = await startLocalStack({
    stateDir: path.join(mkdtempSync(path.join(tmpdir(), 'fluxa-client-')), '.local'),
    databaseUrl: db.url,
    apiKeys: [`${apiKey}@default:write+read`, `${readOnlyKey}@default:read`],
    batchingWindowMs: 20,
    visibilityTimeoutSeconds: 5,
    ...(options.emulatorEndpoint ? { emulatorEndpoint: options.emulatorEndpoint } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
  const rowsOf = async (eventIds: readonly string[]) => {
    const rows = await db.sql<Array<{ event_id: string; rows: number }>>`
      select event_id, count(*)::int as rows from events
      where event_id = any(${[...eventIds]}) group by event_id`;
    const counts = new Map(eventIds.map((id) => [id, 0]));
    for (const row of rows) counts.set(row.event_id, row.rows);
    return counts;
  };
  return {
    url: stack.info.api_url,
    stack,
    rowsOf,
    async waitUntilStored(eventIds) {
      await waitUntil(
        async () => [...(await rowsOf(eventIds)).values()].every((rows) => rows > 0),
        { timeoutMs: 30_000, what: `${eventIds.length} event(s) stored` },
      );
    },
    async stop() {
      await stack.stop();
      await db.drop();
    },
  };
}
