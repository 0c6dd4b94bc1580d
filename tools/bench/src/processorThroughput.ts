import { phaseBreakdown } from './batchBreakdown';
import { Deadline } from './deadline';
import type { BenchEnvironment } from './environment';
import { measurePoison } from './poisonBatches';
import { commitLatency } from './processorDatabase';
import { type ProcessorCostInputs, processorResult } from './processorResult';
import { measureRuns, warmUp } from './processorRuns';
import { claimLeaseSeconds, setUpProcessorBench } from './processorSetup';
import type { MeasurementResult } from './results';

export interface ProcessorThroughputOptions {
  runs: number;
  batchSizes: number[];
  /** Events per run and variant: ours per batch size, the reference, the ceiling per batch size. */
  events: { ours: number; reference: number; ceiling: number };
  budgetMs: number;
  /**
   * Events (and their idempotency keys) already stored before the runs, then
   * ANALYZEd: statements are planned on a table of production-like size and
   * statistics, not on an empty one whose cached plans would not last.
   */
  historyRows: number;
  /** Batches of 100 the phase breakdown replays. */
  breakdownBatches: number;
  /** Batches of 100 per count of refused rows (0, 1, 5) the poison measurement runs. */
  poisonBatches: number;
}

/**
 * processor-throughput: events persisted per second through `createProcessor`
 * with durable PostgreSQL and the emulator's SNS, against the reference
 * per-event algorithm and the raw set-based insert, interleaved run by run on
 * one database; then where a batch of 100 spends its time, and what poison costs.
 */
export async function measureProcessorThroughput(
  env: BenchEnvironment,
  options: ProcessorThroughputOptions,
): Promise<{ result: MeasurementResult; costInputs: ProcessorCostInputs }> {
  const deadline = new Deadline(options.budgetMs);
  const bench = await setUpProcessorBench(env, options);
  await warmUp(bench.variants, bench.run);
  bench.calls.ours.reset();
  bench.calls.reference.reset();
  const commitMs = await commitLatency(bench.run.sql);
  const samples = await measureRuns(bench.variants, bench.run, options.runs, deadline);
  const calls = {
    processor: bench.calls.ours.snapshot(),
    reference: bench.calls.reference.snapshot(),
  };
  const breakdown = await phaseBreakdown(env, {
    url: bench.url,
    claimLeaseSeconds,
    topicArn: bench.aws.topicArn,
    queueArn: bench.aws.queueArn,
    batches: options.breakdownBatches,
  });
  const poison = await measurePoison(bench.processor, bench.run, options.poisonBatches, deadline);
  return processorResult(options, { samples, commitMs, calls, breakdown, poison });
}
