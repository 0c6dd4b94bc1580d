import type { RunningStack } from '@fluxa/local';
import { cpuOfTrees } from '@fluxa/local-runtime';
import { deadlineIn } from './deadline';
import { type LatencyPhase, latencyPhase, warmUp, withStackSession } from './loadGenerator';
import { cpuMsPerEvent } from './processCpu';
import { atMost, type MeasurementResult, metric } from './results';
import { summarize } from './summary';

/** What end-to-end runs with. */
export interface EndToEndOptions {
  /** Offered rates of single POSTs, each held for `seconds`; the target is judged at `rate`. */
  rates: number[];
  seconds: number;
  rate: number;
  budgetMs: number;
}

/**
 * end-to-end: against a local stack (`startBenchStack`: the bundles `make package` zips behind the
 * API server and the SQS poller, with its defaults), ingest → queryable latency at each offered
 * rate, and the CPU per event of each process at `rate`. The load generator and the watcher run
 * on the same two cores as the stack.
 */
export async function measureEndToEnd(
  stack: RunningStack,
  options: EndToEndOptions,
): Promise<MeasurementResult> {
  const deadline = deadlineIn(options.budgetMs);
  const { info } = stack;
  return withStackSession(info, async ({ post, store }) => {
    await warmUp(post, store, deadline);
    const processes = { ...info.pids, 'bench (load + watcher)': process.pid };
    const curve: Record<string, number>[] = [];
    let measured: { phase: LatencyPhase; cpu: Record<string, number> } | undefined;
    for (const rate of options.rates) {
      if (deadline.remainingMs() < options.seconds * 1000 + 15_000) break;
      const cpuBefore = cpuOfTrees(processes);
      const started = performance.now();
      const load = { prefix: `e2e${rate}`, rate, seconds: options.seconds };
      const phase = await latencyPhase(post, store, load, deadline);
      const cpu = cpuMsPerEvent(cpuBefore, cpuOfTrees(processes), phase.sent);
      const cpuSeconds = (Object.values(cpu).reduce((a, b) => a + b, 0) * phase.sent) / 1000;
      if (rate === options.rate) measured = { phase, cpu };
      const { median, p95, p99 } = summarize(phase.e2eMs, 1);
      curve.push({
        'offered/s': rate,
        'achieved/s': phase.achievedRate,
        p50: median,
        p95,
        p99,
        'queryable/sent': phase.e2eMs.length / phase.sent,
        'cores busy': cpuSeconds / ((performance.now() - started) / 1000),
      });
    }
    return {
      name: 'end-to-end',
      title: 'End to end on the local stack: ingest → queryable',
      status: 'ok',
      parameters: {
        ...options,
        ingest: 'one POST /events per event over HTTP (keep-alive) to the stack API server',
        queryable: 'a poll of the oldest pending ids every 5 ms on the stack database sees the row',
      },
      metrics: [
        metric(
          'e2e_ms',
          `ingest → queryable at ${options.rate}/s`,
          'ms',
          measured?.phase.e2eMs ?? [],
          atMost(100, 'p95 ≤ 100 ms', 'p95'),
        ),
        metric(
          'ack_ms',
          `POST /events → 202 at ${options.rate}/s`,
          'ms',
          measured?.phase.ackMs ?? [],
        ),
      ],
      details: {
        latencyByOfferedRate: curve,
        cpuMsPerEvent: measured?.cpu,
        errors: measured?.phase.errors,
        stackPids: info.pids,
      },
    };
  });
}
