import { readQueryConfig } from '@fluxa/config';
import { lazyDatabase, type Sql } from '@fluxa/db';
import { apiGatewayEvent } from '@fluxa/local-runtime';
import type { EventList } from '@fluxa/models';
import { createQueryHandler } from '@fluxa/query';
import { seededRandom } from '@fluxa/samples';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import postgres from 'postgres';
import { benchAuthorizer } from './benchEvents';
import { deadlineIn } from './deadline';
import { queryDatabase, queryEventId, queryPeriod, queryUserId } from './queryDataset';
import { quiet } from './quiet';
import { atMost, type MeasurementResult, metric } from './results';

/** What query-latency runs with. */
export interface QueryOptions {
  rows: number;
  users: number;
  /** Timed requests of each route. */
  requests: number;
  budgetMs: number;
}

/** One route measured: how to build a request, the items a page must hold, its p95 target. */
interface Route {
  key: string;
  label: string;
  build: () => APIGatewayProxyEvent;
  items?: number;
  p95TargetMs: number;
}

/**
 * query-latency: each route through `createQueryHandler` on the Lambda's lazy, read-only pool, at
 * `rows` events (`queryDatabase`), with EXPLAIN (ANALYZE, BUFFERS) of the exact statement the
 * handler sent for it, captured from the wire: index scans at this size, or not.
 */
export async function measureQueryLatency(options: QueryOptions): Promise<MeasurementResult> {
  const db = await queryDatabase(options.rows, options.users);
  const deadline = deadlineIn(options.budgetMs);
  const config = readQueryConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'silent' });
  const handlerOn = (database: () => Promise<Sql>) =>
    createQueryHandler({ config, database, ...quiet('query') });
  const database = lazyDatabase(config.database, {
    applicationName: 'fluxa-query',
    readOnly: true,
  });
  let sent: { query: string; parameters: unknown[] } | undefined;
  const spy = postgres(db.url, {
    max: 1,
    onnotice: () => {},
    debug: (_connection, query, parameters) => {
      sent = { query, parameters };
    },
  });
  const random = seededRandom(42);
  const day = 86_400_000;
  const get = (resource: string, request: Partial<Parameters<typeof apiGatewayEvent>[0]>) =>
    apiGatewayEvent({ method: 'GET', resource, authorizer: benchAuthorizer, ...request });
  const routes: Route[] = [
    {
      key: 'by_id',
      label: 'GET /events/{id}',
      build: () => {
        const id = queryEventId(Math.floor(random() * options.rows));
        return get('/events/{event_id}', {
          path: `/events/${id}`,
          pathParameters: { event_id: id },
        });
      },
      p95TargetMs: 5,
    },
    {
      key: 'list',
      label: 'GET /events?user_id= (50 items)',
      build: () =>
        get('/events', {
          query: { user_id: queryUserId(Math.floor(random() * options.users), options.users) },
        }),
      items: 50,
      p95TargetMs: 10,
    },
    {
      key: 'tenant',
      label: 'GET /events?from=&to= (tenant-wide, one day, 50 items)',
      build: () => {
        const from = queryPeriod.start + Math.floor(random() * (queryPeriod.days - 1)) * day;
        const [start, end] = [new Date(from), new Date(from + day)];
        return get('/events', { query: { from: start.toISOString(), to: end.toISOString() } });
      },
      items: 50,
      p95TargetMs: 10,
    },
  ];
  try {
    const handler = handlerOn(database);
    const time = async (route: Route, count: number) => {
      const times: number[] = [];
      for (let i = 0; i < count && !deadline.passed(); i++) {
        const request = route.build();
        const t0 = performance.now();
        const response = await handler(request);
        times.push(performance.now() - t0);
        const items = route.items && (JSON.parse(response.body) as EventList).items.length;
        if (response.statusCode !== 200 || items !== route.items) {
          throw new Error(`${route.label} answered ${response.statusCode} with ${items} items`);
        }
      }
      return times;
    };
    for (const route of routes) await time(route, 50); // connections, prepared statements, JIT
    const times = new Map<Route, number[]>();
    for (const route of routes) times.set(route, await time(route, options.requests));
    const explainer = handlerOn(async () => spy);
    const plans: Record<string, string> = {};
    for (const route of routes) {
      await explainer(route.build());
      if (!sent) throw new Error(`${route.label}: no statement captured`);
      const { query, parameters } = sent;
      const rows = await spy.unsafe(
        `explain (analyze, buffers, costs off, timing off, summary off) ${query}`,
        parameters as never[],
      );
      plans[route.key] = rows.map((row) => String(Object.values(row)[0])).join('\n');
    }
    const [size] = await spy<{ table: string; indexes: string }[]>`
      select pg_size_pretty(pg_table_size('events')) as table,
             pg_size_pretty(pg_indexes_size('events')) as indexes`;
    return {
      name: 'query-latency',
      title: `Query latency at ${options.rows.toLocaleString('en-US')} rows`,
      status: 'ok',
      parameters: { ...options, eventsPerUser: options.rows / options.users },
      metrics: routes.map((route) =>
        metric(
          route.key,
          route.label,
          'ms',
          times.get(route) ?? [],
          atMost(route.p95TargetMs, `p95 ≤ ${route.p95TargetMs} ms`, 'p95'),
        ),
      ),
      details: {
        dataset: `${db.reused ? 'reused' : 'generated'} in ${db.seconds.toFixed(0)} s`,
        tableSize: size?.table,
        indexesSize: size?.indexes,
        explain: plans,
        indexScansOnly: Object.fromEntries(
          Object.entries(plans).map(([key, plan]) => [
            key,
            /Index (Only )?Scan/.test(plan) && !/Seq Scan/.test(plan),
          ]),
        ),
      },
    };
  } finally {
    await spy.end({ timeout: 2 });
    await (await database()).end({ timeout: 2 });
    await db.stop();
  }
}
