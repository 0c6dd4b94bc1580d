import type { QueryConfig } from '@fluxa/config';
import { insertEvents, type Sql } from '@fluxa/db';
import { claim, complete } from '@fluxa/idempotency';
import { apiGatewayEvent } from '@fluxa/local-runtime';
import { createLogger } from '@fluxa/logging';
import { createMetrics } from '@fluxa/metrics';
import type { PersistedEvent } from '@fluxa/models';
import { createTestDatabase, type TestDatabase } from '@fluxa/testing';
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
    database: { url: db.url, port: 5432, prepare: true, poolMax: 2, ssl: 'disable' },
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
        events.map((e) => ({ eventId: e.event_id, sha256: e.payload_sha256 })),
        60,
      );
      await insertEvents(sql, events);
      await complete(
        sql,
        events.map((e) => e.event_id),
      );
    },
    async close() {
      await readOnly.end();
      await db.drop();
    },
  };
}

let counter = 0;

/** A persisted-event row; override any field. */
export function aStoredEvent(overrides: Partial<PersistedEvent> = {}): PersistedEvent {
  counter += 1;
  return {
    event_id: `q-${counter}-${Math.random().toString(36).slice(2, 8)}`,
    correlation_id: 'corr-q',
    user_id: 'user-q',
    amount: 10.5,
    currency: 'USD',
    merchant: 'Shop',
    timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, counter)).toISOString(),
    metadata: null,
    payload_mode: 'INLINE',
    payload_sha256: 'a'.repeat(64),
    received_at: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

/** A GET as API Gateway delivers it. */
export function get(
  resource: string,
  options: {
    path?: string;
    pathParameters?: Record<string, string>;
    query?: Record<string, string>;
  } = {},
) {
  return apiGatewayEvent({ method: 'GET', resource, ...options });
}
