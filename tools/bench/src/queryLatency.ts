import type { QueryConfig } from '@fluxa/config';
import { lazyDatabase, type Sql } from '@fluxa/db';
import { apiGatewayEvent } from '@fluxa/local-runtime';
import { createLogger } from '@fluxa/logging';
import { createMetrics } from '@fluxa/metrics';
import type { EventList } from '@fluxa/models';
import { createQueryHandler } from '@fluxa/query';
import { seededRandom } from '@fluxa/samples';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { benchAuthorizer } from './benchCaller';
import { Deadline } from './deadline';
import { type ProxyHandler, timeRequests } from './handlerTiming';
import type { QueryLatencyOptions } from './options';
import { type QueryDatabase, queryDatabase, queryEventId, queryUserId } from './queryDataset';
import { type MeasurementResult, metric } from './results';

/** Items a list page asks for. */
const listLimit = 50;

/**
 * query-latency: GET /events/{id} and GET /events?user_id= (one page) through
 * `createQueryHandler` on its own read-only lazy pool, at `rows` events (generated once,
 * then kept: `queryDatabase`); with EXPLAIN (ANALYZE, BUFFERS) of the exact statements the
 * handler sent, to show index scans at this size.
 */
export async function measureQueryLatency(
  options: QueryLatencyOptions,
): Promise<MeasurementResult> {
  const db = await queryDatabase(options.rows, options.users);
  try {
    return await measureOn(db, options);
  } finally {
    await db.stop();
  }
}

async function measureOn(
  db: QueryDatabase,
  options: QueryLatencyOptions,
): Promise<MeasurementResult> {
  const deadline = new Deadline(options.budgetMs);
  const { url, sql } = db;

  const config: QueryConfig = {
    stage: 'bench',
    logLevel: 'silent',
    database: { url, port: 5432, prepare: true, poolMax: 2, ssl: 'disable' },
  };
  const database = lazyDatabase(config.database, {
    applicationName: 'fluxa-query',
    readOnly: true,
  });
  const handlerOn = (pool: () => Promise<Sql>) =>
    createQueryHandler({
      config,
      database: pool,
      logger: createLogger('query', { level: 'silent' }),
      metrics: createMetrics('query', () => {}),
    });
  const handler = handlerOn(database);
  try {
    const random = seededRandom(42);
    const byId = (): APIGatewayProxyEvent => {
      const id = queryEventId(Math.floor(random() * options.rows));
      return apiGatewayEvent({
        method: 'GET',
        resource: '/events/{event_id}',
        authorizer: benchAuthorizer,
        path: `/events/${id}`,
        pathParameters: { event_id: id },
      });
    };
    const list = (): APIGatewayProxyEvent =>
      apiGatewayEvent({
        method: 'GET',
        resource: '/events',
        authorizer: benchAuthorizer,
        query: { user_id: queryUserId(Math.floor(random() * options.users), options.users) },
      });
    const answered = (response: APIGatewayProxyResult) => {
      if (response.statusCode !== 200) throw new Error(`query answered ${response.statusCode}`);
    };
    const fullPage = (response: APIGatewayProxyResult) => {
      answered(response);
      const page = JSON.parse(response.body) as EventList;
      if (page.items.length !== listLimit)
        throw new Error(`list page had ${page.items.length} items`);
    };
    const time = (count: number, build: () => APIGatewayProxyEvent, check = answered) =>
      timeRequests(handler, count, build, check, deadline);
    await time(100, byId); // warm-up: connections, prepared statements, JIT
    await time(50, list, fullPage);
    const byIdTimes = await time(options.byIdRequests, byId);
    const listTimes = await time(options.listRequests, list, fullPage);
    const plans = await explainPlans(db, handlerOn, { byId: byId(), list: list() });
    const usesIndex = (plan: string) => /Index (Only )?Scan/.test(plan) && !/Seq Scan/.test(plan);
    const [size] = await sql<{ table: string; indexes: string }[]>`
      select pg_size_pretty(pg_table_size('events')) as table,
             pg_size_pretty(pg_indexes_size('events')) as indexes`;
    return {
      name: 'query-latency',
      title: `Query latency at ${options.rows.toLocaleString('en-US')} rows`,
      status: 'ok',
      parameters: {
        rows: options.rows,
        users: options.users,
        eventsPerUser: options.rows / options.users,
        listLimit,
        byIdRequests: byIdTimes.length,
        listRequests: listTimes.length,
        pool: 'lazyDatabase, 2 connections, default_transaction_read_only (as the query Lambda)',
      },
      metrics: [
        metric('by_id_ms', 'GET /events/{id}', 'ms', byIdTimes, {
          comparison: '<=',
          value: 5,
          on: 'p95',
          text: 'p95 ≤ 5 ms',
        }),
        metric('list_ms', `GET /events?user_id= (${listLimit} items)`, 'ms', listTimes, {
          comparison: '<=',
          value: 10,
          on: 'p95',
          text: 'p95 ≤ 10 ms',
        }),
      ],
      details: {
        dataset: db.reused
          ? `reused from .bench-cache/query-pg-${options.rows} (same migrations, rows and generator)`
          : `generated by this run (insert … select … from generate_series), kept in .bench-cache/query-pg-${options.rows}`,
        datasetSeconds: Number(db.seedSeconds.toFixed(1)),
        tableSize: size?.table,
        indexesSize: size?.indexes,
        explain: plans,
        indexScansOnly: { byId: usesIndex(plans.byId), list: usesIndex(plans.list) },
      },
    };
  } finally {
    await (await database()).end({ timeout: 2 });
  }
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of the statement the query handler sends for each request,
 * captured from the wire through postgres.js's debug hook on a pool of its own, so the plan is
 * of the exact SQL and parameters the handler uses.
 */
async function explainPlans(
  db: QueryDatabase,
  handlerOn: (pool: () => Promise<Sql>) => ProxyHandler,
  requests: { byId: APIGatewayProxyEvent; list: APIGatewayProxyEvent },
) {
  let captured: { query: string; parameters: unknown[] } | undefined;
  const spy = db.pool(1, (query, parameters) => {
    captured = { query, parameters };
  });
  const handler = handlerOn(async () => spy);
  const explain = async (request: APIGatewayProxyEvent) => {
    captured = undefined;
    await handler(request);
    const statement = captured as { query: string; parameters: unknown[] } | undefined;
    if (!statement) throw new Error('no statement captured');
    const rows = await spy.unsafe(
      `explain (analyze, buffers, costs off, timing off, summary off) ${statement.query}`,
      statement.parameters as never[],
    );
    return rows.map((row) => String(Object.values(row)[0])).join('\n');
  };
  return { byId: await explain(requests.byId), list: await explain(requests.list) };
}
