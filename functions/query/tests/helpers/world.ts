import type { QueryConfig } from '@fluxa/config';
import { claim, complete, insertEvents, type Sql } from '@fluxa/db';
import { apiGatewayEvent } from '@fluxa/local-runtime';
import { createLogger } from '@fluxa/logging';
import { createMetrics } from '@fluxa/metrics';
import type { PersistedEvent } from '@fluxa/models';
import {
  aPersistedEvent,
  asCaller,
  createTestDatabase,
  type TestDatabase,
  testDatabaseSettings,
} from '@fluxa/testing';
import postgres from 'postgres';
import { createQueryHandler, type QueryDeps } from '../../src/query';

export interface QueryWorld {
  db: TestDatabase;
  sql: Sql;
  handler(overrides?: Partial<QueryDeps>): ReturnType<typeof createQueryHandler>;
  /** Persists events as the processor would (row + success key). */
  store(events: PersistedEvent[]): Promise<void>;
  close(): Promise<void>;
}

export async function createQueryWorld(): Promise<QueryWorld> {
  const db = await createTestDatabase();
  const sql = db.sql;
  const readOnly = postgres(db.url, {
    max: 2,
    onnotice: () => {},
    connection: { default_transaction_read_only: true },
  });
  const config: QueryConfig = {
    stage: 'test',
    logLevel: 'silent',
    database: testDatabaseSettings(db),
  };
  return {
    db,
    sql,
    handler: (overrides = {}) =>
      createQueryHandler({
        config,
        database: async () => readOnly,
        logger: createLogger('query', { level: 'silent' }),
        metrics: createMetrics('query', () => {}),
        ...overrides,
      }),
    async store(events) {
      await claim(
        sql,
        events.map((e) => ({ ...e, sha256: e.payload_sha256 })),
        60,
      );
      await insertEvents(sql, events);
      await complete(sql, events);
    },
    async close() {
      await readOnly.end();
      await db.drop();
    },
  };
}

let counter = 0;

/** A persisted row of tenant `default`, each one a second later than the previous one. */
export function aStoredEvent(overrides: Partial<PersistedEvent> = {}): PersistedEvent {
  counter += 1;
  return aPersistedEvent({
    correlation_id: 'corr-q',
    user_id: 'user-q',
    timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, counter)).toISOString(),
    ...overrides,
  });
}

/** A GET as API Gateway delivers it, by default for a key of tenant `default` with both scopes. */
export function get(
  resource: string,
  options: {
    path?: string;
    pathParameters?: Record<string, string>;
    query?: Record<string, string>;
    authorizer?: Record<string, string>;
  } = {},
) {
  return apiGatewayEvent({ method: 'GET', resource, authorizer: asCaller(), ...options });
}

/** A response body as JSON. */
export const bodyOf = (result: { body: string }) =>
  JSON.parse(result.body) as Record<string, unknown>;
