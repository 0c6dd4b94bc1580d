import { readProcessorConfig } from '@fluxa/config';
import { lazyDatabase, type Sql } from '@fluxa/db';
import { cpuOfTrees } from '@fluxa/local-runtime';
import { createProcessor } from '@fluxa/processor';
import { eventPayloadBytes } from './benchEvents';
import { countCalls, perThousandEvents } from './callCounter';
import { deadlineIn } from './deadline';
import type { BenchEnvironment } from './environment';
import { cpuMsPerEvent } from './processCpu';
import { quiet } from './quiet';
import { type MeasurementResult, metric } from './results';
import { sqsBatches } from './sqsBatches';
import { storeEvents } from './storedEvents';
import { summarize } from './summary';

/** What processor-throughput runs with. */
export interface ProcessorOptions {
  runs: number;
  batchSizes: number[];
  eventsPerRun: number;
  /** Past events stored and analyzed first: statements are planned on a table of some size. */
  historyRows: number;
  budgetMs: number;
}

/** What the cost model takes from this measurement. */
export interface ProcessorCost {
  /** Median ms of one invocation at the largest batch size. */
  invocationMs: number;
  batchSize: number;
  /** SNS requests billed per 1,000 events. */
  snsBilledPer1000: number;
}

/**
 * processor-throughput: events persisted and notified per second through `createProcessor`
 * (configured from the environment a deployment sets, its lazy 2-connection pool) on durable
 * PostgreSQL and the emulator's SNS, by batch size, runs interleaved and rotated; and the CPU
 * each process spends per event, read from /proc: what one core of the processor, and one of
 * the database, can carry.
 */
export async function measureProcessorThroughput(
  env: BenchEnvironment,
  options: ProcessorOptions,
): Promise<{ result: MeasurementResult; cost: ProcessorCost }> {
  const deadline = deadlineIn(options.budgetMs);
  const { url, sql } = await env.database('bench_processor');
  await seedHistory(sql, options.historyRows);
  const aws = await env.provision('bench-proc');
  const clients = env.clients();
  const counter = countCalls(clients.sns);
  const config = readProcessorConfig({
    QUEUE_URL: aws.queueUrl,
    DLQ_URL: aws.dlqUrl,
    TOPIC_ARN: aws.topicArn,
    PAYLOAD_BUCKET: aws.bucket,
    DATABASE_URL: url,
    LOG_LEVEL: 'silent',
  });
  const database = lazyDatabase(config.database, { applicationName: 'fluxa-processor' });
  env.onStop(async () => (await database()).end({ timeout: 2 }));
  const processor = createProcessor({
    config,
    database,
    sqs: clients.sqs,
    sns: clients.sns,
    s3: async () => clients.s3,
    ...quiet('processor'),
  });
  const processes = { processor: process.pid, postgres: env.pg.pid, emulator: env.aws.pid };

  const run = async (prefix: string, batchSize: number, count: number) => {
    const batches = sqsBatches(prefix, count, batchSize, aws.queueArn);
    const invocationMs: number[] = [];
    const cpuBefore = cpuOfTrees(processes);
    const started = performance.now();
    for (const batch of batches) {
      const t0 = performance.now();
      const { batchItemFailures } = await processor(batch);
      invocationMs.push(performance.now() - t0);
      if (batchItemFailures.length > 0) throw new Error(`${prefix}: a clean batch was retried`);
    }
    const eventsPerSecond = count / ((performance.now() - started) / 1000);
    const cpu = cpuMsPerEvent(cpuBefore, cpuOfTrees(processes), count);
    await expectStored(sql, prefix, count);
    return { eventsPerSecond, invocationMs, cpu };
  };

  const { batchSizes } = options;
  for (const b of batchSizes) await run(`warm-b${b}`, b, b * 2); // JIT, connections, statements
  counter.take();
  const runsOf = new Map(batchSizes.map((b) => [b, [] as Awaited<ReturnType<typeof run>>[]]));
  let runs = 0;
  for (; runs < options.runs && !deadline.passed(); runs++) {
    for (let i = 0; i < batchSizes.length; i++) {
      const b = batchSizes[(i + runs) % batchSizes.length] as number;
      runsOf.get(b)?.push(await run(`run${runs}-b${b}`, b, options.eventsPerRun));
    }
  }
  const sns = perThousandEvents(counter.take(), runs * options.eventsPerRun * batchSizes.length);
  const eventsPerSecond = (b: number) => runsOf.get(b)?.map((r) => r.eventsPerSecond) ?? [];
  const invocationMs = (b: number) => runsOf.get(b)?.flatMap((r) => r.invocationMs) ?? [];
  const cpuOf = (b: number, name: string) => runsOf.get(b)?.map((r) => r.cpu[name] ?? NaN) ?? [];
  const largest = Math.max(...batchSizes);
  const perCore = (name: string) => cpuOf(largest, name).map((ms) => 1000 / ms);
  const byBatchSize = batchSizes.map((b) => ({
    'batch size': b,
    'events/s': summarize(eventsPerSecond(b)).median,
    'invocation ms': summarize(invocationMs(b)).median,
    'invocation ms p95': summarize(invocationMs(b)).p95,
    ...Object.fromEntries(
      Object.keys(processes).map((name) => [
        `CPU ms/event: ${name}`,
        summarize(cpuOf(b, name)).median,
      ]),
    ),
  }));
  return {
    result: {
      name: 'processor-throughput',
      title: 'Processor throughput and CPU per event (durable PostgreSQL, emulator SNS)',
      status: 'ok',
      parameters: {
        runs,
        batchSizes,
        eventsPerRun: options.eventsPerRun,
        eventPayloadBytes,
        historyRows: options.historyRows,
        pool: `lazyDatabase, ${config.database.poolMax} connections (the config default)`,
        postgres: 'fsync=on, synchronous_commit=on, full_page_writes=on',
      },
      metrics: [
        ...batchSizes.map((b) =>
          metric(`b${b}`, `processor, batch ${b}`, 'events/s', eventsPerSecond(b)),
        ),
        metric(
          'processor_per_core',
          `processor's own CPU, batch ${largest}`,
          'events/core-s',
          perCore('processor'),
        ),
        metric(
          'postgres_per_core',
          `PostgreSQL's CPU, batch ${largest}`,
          'events/core-s',
          perCore('postgres'),
        ),
      ],
      details: { byBatchSize, snsPer1000Events: sns },
    },
    cost: {
      invocationMs: summarize(invocationMs(largest)).median,
      batchSize: largest,
      snsBilledPer1000: sns.billed.PublishBatch ?? Number.NaN,
    },
  };
}

/** `rows` past events, notified, with their `success` keys, then VACUUM ANALYZE. */
async function seedHistory(sql: Sql, rows: number): Promise<void> {
  await storeEvents(sql, {
    prefix: 'history',
    rows,
    storedAt: new Date('2025-01-01'),
    notified: true,
  });
  await sql`
    insert into idempotency_keys (event_id, status, payload_sha256, attempts)
    select 'history-' || g, 'success', repeat('a', 64), 1 from generate_series(1, ${rows}::int) g`;
  await sql`vacuum analyze idempotency_keys, events`;
}

/** Every event of a run must be stored and notified: a benchmark that loses rows is void. */
async function expectStored(sql: Sql, prefix: string, count: number): Promise<void> {
  const [row] = await sql<{ stored: number; unnotified: number }[]>`
    select count(*)::int as stored, count(*) filter (where notified_at is null)::int as unnotified
    from events where event_id like ${`${prefix}-%`}`;
  if (row?.stored !== count || row.unnotified > 0) {
    throw new Error(
      `${prefix}: ${row?.stored} of ${count} events stored, ${row?.unnotified} unnotified`,
    );
  }
}
