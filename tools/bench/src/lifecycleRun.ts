import { readMigrateConfig } from '@fluxa/config';
import { createLifecycle, type LifecycleReport } from '@fluxa/migrate';
import postgres from 'postgres';
import type { BenchEnvironment } from './environment';
import { quiet } from './quiet';
import { atLeast, type Metric, metric } from './results';

/** What one timed lifecycle run did, and how long each matching statement took. */
export interface TimedLifecycle {
  report: LifecycleReport;
  seconds: number;
  /** From each matching statement's sending to the next one's (the last: to the run's end). */
  statementMs: number[];
}

/**
 * One run of the migrate function's scheduled lifecycle (`createLifecycle`, configured by
 * `readMigrateConfig` from `settings` as deployed) on the database at `url` until nothing is
 * due or `budgetMs` is spent, timing the statements whose text matches `statement`: the
 * longest a processor could wait behind one for a row it locked (the purges skip rows others
 * hold).
 */
export async function timedLifecycle(
  env: BenchEnvironment,
  run: { url: string; settings: Record<string, string>; statement: RegExp; budgetMs: number },
): Promise<TimedLifecycle> {
  const sent: number[] = [];
  const pool = postgres(run.url, {
    max: 2, // the run's advisory lock holds one connection
    onnotice: () => {},
    debug: (_connection, query) => {
      if (run.statement.test(query)) sent.push(performance.now());
    },
  });
  env.onStop(() => pool.end({ timeout: 2 }));
  const lifecycle = createLifecycle({
    config: readMigrateConfig({ DATABASE_URL: run.url, LOG_LEVEL: 'silent', ...run.settings }),
    database: async () => pool,
    s3: () => Promise.reject(new Error('the benchmark stores no payload objects')),
    ...quiet('migrate'),
  });
  const started = performance.now();
  const report = await lifecycle(run.budgetMs);
  const ended = performance.now();
  if (report.skipped) throw new Error('the lifecycle run was skipped: another held its lock');
  const statementMs = sent.map((at, i) => (sent[i + 1] ?? ended) - at);
  return { report, seconds: (ended - started) / 1000, statementMs };
}

/**
 * A purge's two figures from its timed run: rows deleted per second, judged against the rate
 * every purge is held to, and each of its statements' time (`batch`: what one statement does).
 */
export function purgeMetrics(
  run: TimedLifecycle,
  purged: { key: string; label: string; unit: string; deleted: number },
  batch: string,
): Metric[] {
  return [
    metric(
      purged.key,
      purged.label,
      purged.unit,
      [purged.deleted / run.seconds],
      atLeast(20_000, '≥ 20,000/s'),
    ),
    metric('batch_ms', batch, 'ms', run.statementMs),
  ];
}
