import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type RunningStack, startLocalStack } from '@fluxa/local';
import { waitUntil } from '@fluxa/local-runtime';
import { createTestDatabase } from '@fluxa/testing';
import { FluxaClient, type FluxaClientOptions } from '../../src/index';
import { type Exchange, recordingFetch } from './recordingFetch';

/** The key the tests send with: tenant `default`, scopes write and read. */
export const apiKey = 'client-test-key';

/** A key of the same tenant that may only read. */
export const readOnlyKey = 'client-read-only-key';

/** A key of the same tenant with every scope: sends, reads, replays and erases. */
export const controlKey = 'client-control-key';

/** A local stack for the client's tests, and its database read directly (never through the API under test). */
export interface ClientStack {
  url: string;
  stack: RunningStack;
  /** How many stored rows each of these event ids has (0 when not stored), in their order. */
  rowCounts(eventIds: readonly string[]): Promise<number[]>;
  /** A client of this stack (the tests' key) whose every request is recorded. */
  recordedClient(options?: Partial<FluxaClientOptions>): {
    client: FluxaClient;
    exchanges: Exchange[];
  };
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
    apiKeys: [
      `${apiKey}@default:write+read`,
      `${readOnlyKey}@default:read`,
      `${controlKey}@default:write+read+replay+erase`,
    ],
    batchingWindowMs: 20,
    visibilityTimeoutSeconds: 5,
    ...(options.emulatorEndpoint ? { emulatorEndpoint: options.emulatorEndpoint } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
  const rowCounts = async (eventIds: readonly string[]) => {
    const rows = await db.sql<Array<{ event_id: string; rows: number }>>`
      select event_id, count(*)::int as rows from events
      where event_id = any(${[...eventIds]}) group by event_id`;
    const counts = new Map(rows.map((row) => [row.event_id, row.rows]));
    return eventIds.map((id) => counts.get(id) ?? 0);
  };
  const url = stack.info.api_url;
  return {
    url,
    stack,
    rowCounts,
    recordedClient(options = {}) {
      const recorder = recordingFetch();
      const client = new FluxaClient({ url, apiKey, fetch: recorder.fetch, ...options });
      return { client, exchanges: recorder.exchanges };
    },
    async waitUntilStored(eventIds) {
      await waitUntil(async () => (await rowCounts(eventIds)).every((rows) => rows > 0), {
        timeoutMs: 30_000,
        what: `${eventIds.length} event(s) stored`,
      });
    },
    async stop() {
      await stack.stop();
      await db.drop();
    },
  };
}

/** A stack for the test file: started before its tests, stopped after them. */
export function useClientStack(options: ClientStackOptions = {}): () => ClientStack {
  let started: ClientStack | undefined;
  beforeAll(async () => {
    started = await startClientStack(options);
  }, 120_000);
  afterAll(async () => {
    await started?.stop();
  });
  return () => {
    if (!started) throw new Error('the test stack did not start');
    return started;
  };
}
