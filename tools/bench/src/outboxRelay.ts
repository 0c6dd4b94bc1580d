import { readRelayConfig } from '@fluxa/config';
import { lazyDatabase } from '@fluxa/db';
import { cpuOfTrees } from '@fluxa/local-runtime';
import { createRelay } from '@fluxa/relay';
import type { BenchEnvironment } from './environment';
import { cpuMsPerEvent } from './processCpu';
import { quiet } from './quiet';
import { atLeast, type MeasurementResult, metric } from './results';
import { storeEvents } from './storedEvents';

/** What outbox-relay runs with: owed notifications to publish, and the run's time budget. */
export type RelayOptions = { events: number; budgetMs: number };

/**
 * outbox-relay: owed notifications published per second by the relay (`createRelay`, configured
 * as deployed: 60 s grace, pages of 500) on durable PostgreSQL and the emulator's SNS — `events`
 * stored an hour ago and never notified, published from their rows in one run until none is
 * owed — and the CPU each process spends per notification.
 */
export async function measureOutboxRelay(
  env: BenchEnvironment,
  options: RelayOptions,
): Promise<MeasurementResult> {
  const { url, sql } = await env.database('bench_relay');
  const aws = await env.provision('bench-relay');
  const config = readRelayConfig({
    TOPIC_ARN: aws.topicArn,
    DATABASE_URL: url,
    LOG_LEVEL: 'silent',
  });
  const database = lazyDatabase(config.database, { applicationName: 'fluxa-relay' });
  env.onStop(async () => (await database()).end({ timeout: 2 }));
  const relay = createRelay({
    config,
    database,
    sns: env.clients().sns,
    ...quiet('relay'),
  });
  const anHourAgo = new Date(Date.now() - 3_600_000);
  await storeEvents(sql, { prefix: 'warm', rows: 1_000, storedAt: anHourAgo, notified: false });
  await relay(options.budgetMs); // JIT, connections, statements
  await storeEvents(sql, {
    prefix: 'owed',
    rows: options.events,
    storedAt: anHourAgo,
    notified: false,
  });
  await sql`vacuum analyze events`;
  const processes = { relay: process.pid, postgres: env.pg.pid, emulator: env.aws.pid };
  const cpuBefore = cpuOfTrees(processes);
  const started = performance.now();
  const report = await relay(options.budgetMs);
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuMsPerEvent(cpuBefore, cpuOfTrees(processes), report.published);
  const [left] = await sql<{ owed: number }[]>`
    select count(*)::int as owed from events where notified_at is null`;
  return {
    name: 'outbox-relay',
    title: 'Outbox relay: owed notifications published (durable PostgreSQL, emulator SNS)',
    status: 'ok',
    parameters: { ...options, graceSeconds: config.graceSeconds },
    metrics: [
      metric(
        'per_second',
        'owed notifications published per second',
        'notifications/s',
        [report.published / seconds],
        atLeast(5_000, '≥ 5,000/s'),
      ),
    ],
    details: {
      published: report.published,
      stillOwed: left?.owed,
      seconds,
      cpuMsPerNotification: cpu,
    },
  };
}
