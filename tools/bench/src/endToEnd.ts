import postgres from 'postgres';
import { benchEvents } from './benchEvents';
import { type BenchStack, startBenchStack } from './benchStack';
import { Deadline } from './deadline';
import { apiClient, latencyPhase, watchedIdsPerPoll } from './loadGenerator';
import type { EndToEndOptions } from './options';
import { cpuDelta, cpuOfTrees } from './processCpu';
import { type MeasurementResult, metric } from './results';
import { summarize } from './summary';

/** One point of the latency curve. */
export interface CurvePoint {
  offeredRate: number;
  achievedRate: number;
  p50: number;
  p95: number;
  queryable: number;
  sent: number;
}

/**
 * end-to-end: against the local stack (`startLocalStack`, the same bundles
 * `make package` zips behind the API server and the SQS poller): ingest →
 * queryable latency at a fixed offered load, then at each rate of a curve. "Queryable"
 * is the moment the row is visible to a new snapshot of the stack's database (what
 * GET /events/{id} reads), found by polling the pending ids every 5 ms. The load
 * generator and the watcher run on the same 2 cores as the stack.
 */
export async function measureEndToEnd(options: EndToEndOptions): Promise<MeasurementResult> {
  const deadline = new Deadline(options.budgetMs);
  const name = 'end-to-end';
  const title = 'End to end on the local stack: ingest → queryable';
  let bench: BenchStack | undefined;
  try {
    const started = performance.now();
    bench = await startBenchStack();
    const startSeconds = (performance.now() - started) / 1000;
    const { info } = bench.stack;
    const sql = postgres(info.database_url, { max: 1, onnotice: () => {} });
    const api = apiClient(info);
    try {
      await api.post('/events', benchEvents('e2e-warm', 1)[0]); // warm the bundles and the poller
      const processes = { ...info.pids, 'bench (load + watcher)': process.pid };
      const cpuBefore = cpuOfTrees(processes);
      const latency = await latencyPhase(api, sql, 'e2e', options, deadline);
      const cpu = cpuDelta(cpuBefore, cpuOfTrees(processes));
      const cpuMsPerEvent = Object.fromEntries(
        Object.entries(cpu).map(([k, seconds]) => [
          k,
          Number(((seconds * 1000) / Math.max(1, latency.sent)).toFixed(2)),
        ]),
      );
      const cpuCores = Object.values(cpu).reduce((a, b) => a + b, 0) / (latency.seconds || 1);
      const curve: CurvePoint[] = [];
      for (const rate of options.curveRates) {
        if (deadline.remainingMs() < options.curveSeconds * 1000 + 15_000) break;
        const phase = await latencyPhase(
          api,
          sql,
          `curve${rate}`,
          { ...options, ratePerSecond: rate, durationSeconds: options.curveSeconds },
          deadline,
        );
        const summary = summarize(phase.e2eMs, 1);
        curve.push({
          offeredRate: rate,
          achievedRate: Number(phase.achievedRate.toFixed(1)),
          p50: summary.median,
          p95: summary.p95,
          queryable: phase.e2eMs.length,
          sent: phase.sent,
        });
      }
      const e2e = metric(
        'e2e_ms',
        `ingest → queryable at ${options.ratePerSecond} ev/s`,
        'ms',
        latency.e2eMs,
        { comparison: '<=', value: 100, on: 'p95', text: 'p95 ≤ 100 ms' },
      );
      return {
        name,
        title,
        status: 'ok',
        parameters: {
          ratePerSecond: options.ratePerSecond,
          durationSeconds: options.durationSeconds,
          curve: { rates: options.curveRates, seconds: options.curveSeconds },
          ingest: 'one POST /events per event over HTTP (keep-alive) to the stack API server',
          queryableDetection:
            `poll of the ${watchedIdsPerPoll} oldest pending ids every 5 ms on the stack database ` +
            '(its queries count under postgres in the CPU table); latency is measured from the POST start',
          stack:
            'startLocalStack defaults: emulator persisted to SQLite, poller concurrency, batch size and window',
        },
        metrics: [e2e, metric('ack_ms', 'POST /events → 202 (HTTP)', 'ms', latency.ackMs)],
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
          latencyByOfferedRate: curve,
        },
      };
    } finally {
      api.close();
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
    await bench?.stop();
  }
}
