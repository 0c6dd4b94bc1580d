import { phaseBreakdown } from './batchBreakdown';
import { Deadline } from './deadline';
import type { BenchEnvironment } from './environment';
import type { ProcessorThroughputOptions } from './options';
import { measurePoison } from './poisonBatches';
import { commitLatency } from './processorDatabase';
import { type ProcessorCostInputs, processorResult } from './processorResult';
import { measureRuns, warmUp } from './processorRuns';
import { setUpProcessorBench } from './processorSetup';
import type { MeasurementResult } from './results';

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
    aws: bench.aws,
    batches: options.breakdownBatches,
  });
  const poison = await measurePoison(bench.processor, bench.run, options.poisonBatches, deadline);
  return processorResult(options, { samples, commitMs, calls, breakdown, poison });
}
