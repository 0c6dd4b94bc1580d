import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { SQSClient } from '@aws-sdk/client-sqs';
import { type RunningStack, startLocalStack } from '@fluxa/local';
import type { AwsEmulator } from '@fluxa/local-runtime';
import postgres from 'postgres';
import { benchEvents } from './benchEvents';
import { Deadline } from './deadline';
import { startEmulatorProcess } from './emulatorChild';
import { apiClient, latencyPhase, watchedIdsPerPoll } from './loadGenerator';
import { cpuDelta, cpuOfTrees } from './processCpu';
import { rateSearch } from './rateSearch';
import { type MeasurementResult, type Metric, metric } from './results';

export interface EndToEndOptions {
  /** Offered load and duration of the latency phase (the target's: 200 events/s for 30 s). */
  ratePerSecond: number;
  durationSeconds: number;
  /** Rates tried for the sustained-rate search, ascending; each held for `stepSeconds`. */
  searchRates: number[];
  stepSeconds: number;
  /** Events per POST /events/batch during the search (ingest is not what the search probes). */
  searchBatchSize: number;
  budgetMs: number;
  /**
   * Diagnostic variant: the stack uses a non-persistent emulator started here
   * (`emulatorEndpoint`) instead of its default one persisted to SQLite — to
   * tell the pipeline's latency from the emulator's.
   */
  externalEmulator?: boolean;
}

const titles = {
  default: 'End to end on the local stack: ingest → queryable',
  external: 'End to end on the local stack with an external, non-persistent emulator (diagnostic)',
};

/**
 * end-to-end: against the local stack (`startLocalStack`, the same bundles
 * `make package` zips behind the API server and the SQS poller): ingest →
 * queryable latency at a fixed offered load, then the highest offered rate at
 * which the queue depth does not grow. "Queryable" is the moment the row is
 * visible to a new snapshot of the stack's database (what GET /events/{id}
 * reads), found by polling the pending ids every 5 ms.
 */
export async function measureEndToEnd(options: EndToEndOptions): Promise<MeasurementResult> {
  const deadline = new Deadline(options.budgetMs);
  const name = options.externalEmulator ? 'end-to-end-external-emulator' : 'end-to-end';
  const title = options.externalEmulator ? titles.external : titles.default;
  const stateRoot = mkdtempSync(path.join(tmpdir(), 'fluxa-bench-local-'));
  chmodSync(stateRoot, 0o755); // the postgres user (when we are root) must reach its data dir
  let stack: RunningStack | undefined;
  let emulator: (AwsEmulator & { pid: number }) | undefined;
  try {
    const started = performance.now();
    emulator = options.externalEmulator ? await startEmulatorProcess() : undefined;
    stack = await startLocalStack({
      stateDir: path.join(stateRoot, 'state'),
      // Free ports, so the bench runs beside a `make local` or a test run on this machine.
      apiPort: 0,
      controlPort: 0,
      emulatorPort: 0,
      pgPort: 0,
      timeoutMs: 90_000,
      ...(emulator ? { emulatorEndpoint: emulator.endpoint } : {}),
    });
    const startSeconds = (performance.now() - started) / 1000;
    const { info } = stack;
    const sql = postgres(info.database_url, { max: 1, onnotice: () => {} });
    const sqs = new SQSClient({
      region: info.region,
      endpoint: info.emulator_endpoint,
      credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    });
    const api = apiClient(info);
    try {
      await api.post('/events', benchEvents('e2e-warm', 1)[0]); // warm the bundles and the poller
      const processes = {
        ...info.pids,
        'bench (load + watcher)': process.pid,
        ...(emulator ? { emulator: emulator.pid } : {}),
      };
      const cpuBefore = cpuOfTrees(processes);
      const latency = await latencyPhase(api, sql, options, deadline);
      const cpu = cpuDelta(cpuBefore, cpuOfTrees(processes));
      const cpuMsPerEvent = Object.fromEntries(
        Object.entries(cpu).map(([k, seconds]) => [
          k,
          Number(((seconds * 1000) / Math.max(1, latency.sent)).toFixed(2)),
        ]),
      );
      const cpuCores = Object.values(cpu).reduce((a, b) => a + b, 0) / (latency.seconds || 1);
      const search = await rateSearch(api, sqs, info.queue_url, options, deadline);
      const metrics: Metric[] = [
        metric(
          'e2e_ms',
          `ingest → queryable at ${options.ratePerSecond} ev/s`,
          'ms',
          latency.e2eMs,
          {
            comparison: '<=',
            value: 100,
            text: 'p95 ≤ 100 ms',
          },
        ),
        metric('ack_ms', 'POST /events → 202 (HTTP)', 'ms', latency.ackMs),
        metric('sustained_rate', 'highest rate with a flat queue', 'events/s', [search.sustained]),
      ];
      const e2e = metrics[0] as Metric;
      if (e2e.target) {
        e2e.target.met = e2e.summary.p95 <= 100;
        if (!e2e.target.met) {
          e2e.target.reason = missedReason(cpuMsPerEvent, cpuCores, options.ratePerSecond);
        }
      }
      return {
        name,
        title,
        status: 'ok',
        parameters: {
          ratePerSecond: options.ratePerSecond,
          durationSeconds: options.durationSeconds,
          ingest: 'one POST /events per event over HTTP (keep-alive) to the stack API server',
          queryableDetection:
            `poll of the ${watchedIdsPerPoll} oldest pending ids every 5 ms on the stack database ` +
            '(its queries count under postgres in the CPU table); latency is measured from the POST start',
          stack: options.externalEmulator
            ? 'startLocalStack defaults, but emulatorEndpoint = a non-persistent emulator in its own process'
            : 'startLocalStack defaults (emulator persisted to SQLite in its state dir; poller batch size, batching window)',
          search: {
            rates: options.searchRates,
            stepSeconds: options.stepSeconds,
            ingest: `POST /events/batch of ${options.searchBatchSize}`,
            flat: 'least-squares slope of queue depth ≤ 5% of the offered rate, or backlog < 0.5 s of events',
          },
        },
        metrics,
        details: {
          stackStartSeconds: Number(startSeconds.toFixed(1)),
          latencyPhase: {
            sent: latency.sent,
            acknowledged: latency.ackMs.length,
            queryable: latency.e2eMs.length,
            errors: latency.errors,
            achievedRatePerSecond: Number(latency.achievedRate.toFixed(1)),
          },
          cpuMsPerEventDuringLatencyPhase: cpuMsPerEvent,
          cpuCoresBusyDuringLatencyPhase: Number(cpuCores.toFixed(2)),
          rateSearch: search.steps,
        },
      };
    } finally {
      api.close();
      sqs.destroy();
      await sql.end({ timeout: 2 });
    }
  } catch (error) {
    return {
      name,
      title,
      status: 'failed',
      reason: (error as Error).message.split('\n').slice(0, 3).join(' '),
      parameters: {},
      metrics: [],
    };
  } finally {
    await stack?.stop();
    await emulator?.stop();
    rmSync(stateRoot, { recursive: true, force: true });
  }
}

/** Why the latency target was missed, from where the CPU went. */
function missedReason(cpuMsPerEvent: Record<string, number>, cores: number, rate: number): string {
  const total = Object.values(cpuMsPerEvent).reduce((a, b) => a + b, 0);
  const [top, topMs] = Object.entries(cpuMsPerEvent).sort(([, a], [, b]) => b - a)[0] ?? ['', 0];
  return (
    `CPU-bound: ${total.toFixed(1)} ms of CPU per event across the stack's processes ` +
    `(most: ${top} ${topMs.toFixed(1)} ms) is ${cores.toFixed(1)} busy cores at ${rate} events/s ` +
    `on a ${availableParallelism()}-core machine; queues form in front of every process`
  );
}
