import type { ColdStartOptions } from './coldStart';
import type { EndToEndOptions } from './endToEnd';
import type { IngestLatencyOptions } from './ingestLatency';
import type { ProcessorThroughputOptions } from './processorThroughput';
import type { QueryLatencyOptions } from './queryLatency';

/** Every measurement, by the name of its result file, in the order a run takes them. */
export const measurementNames = [
  'processor-throughput',
  'ingest-latency',
  'query-latency',
  'cold-start',
  'cost-model',
  'end-to-end',
  'end-to-end-external-emulator',
] as const;

/** One of {@link measurementNames}. */
export type MeasurementName = (typeof measurementNames)[number];

/** What each measurement runs with. */
export interface BenchParameters {
  processor: ProcessorThroughputOptions;
  ingest: IngestLatencyOptions;
  query: QueryLatencyOptions;
  coldStart: ColdStartOptions;
  endToEnd: EndToEndOptions;
  endToEndExternal: EndToEndOptions;
}

const endToEnd: EndToEndOptions = {
  ratePerSecond: 200,
  durationSeconds: 30,
  searchRates: [100, 150, 200, 300, 400, 600, 800, 1_200],
  stepSeconds: 8,
  searchBatchSize: 20,
  budgetMs: 130_000,
};

/** The recorded run: what bench/results and docs/BENCHMARKS.md report (≤ 10 minutes on 2 cores). */
export const recordedParameters: BenchParameters = {
  processor: {
    runs: 7,
    batchSizes: [10, 100],
    events: { ours: 1_000, reference: 200, ceiling: 1_000 },
    budgetMs: 120_000,
    historyRows: 200_000,
    breakdownBatches: 10,
  },
  ingest: { singleRequests: 1_000, batchRequests: 30, batchSize: 100, budgetMs: 45_000 },
  query: {
    rows: 1_000_000,
    users: 10_000,
    byIdRequests: 2_000,
    listRequests: 1_000,
    budgetMs: 150_000,
  },
  coldStart: {
    functions: ['ingest', 'processor', 'query', 'migrate'],
    samples: 20,
    budgetMs: 90_000,
  },
  endToEnd,
  endToEndExternal: { ...endToEnd, durationSeconds: 15, budgetMs: 90_000, externalEmulator: true },
};

const smokeEndToEnd: EndToEndOptions = {
  ...endToEnd,
  ratePerSecond: 20,
  durationSeconds: 2,
  searchRates: [20],
  stepSeconds: 2,
  searchBatchSize: 10,
  // The rate search needs a step plus 15 s of drain in what is left of the budget.
  budgetMs: 40_000,
};

/**
 * The smallest parameters each measurement accepts (`FLUXA_BENCH_SMOKE=1`): a
 * check that it still runs end to end, in seconds, not a measurement. Batch
 * sizes stay those of the recorded run, which the findings name; every user of
 * the query dataset keeps a full list page (rows / users ≥ 50).
 */
export const smokeParameters: BenchParameters = {
  processor: {
    ...recordedParameters.processor,
    runs: 1,
    events: { ours: 100, reference: 10, ceiling: 100 },
    budgetMs: 10_000,
    historyRows: 1_000,
    breakdownBatches: 1,
  },
  ingest: { ...recordedParameters.ingest, singleRequests: 10, batchRequests: 2, budgetMs: 10_000 },
  query: { rows: 10_000, users: 100, byIdRequests: 20, listRequests: 10, budgetMs: 10_000 },
  coldStart: { ...recordedParameters.coldStart, samples: 1, budgetMs: 30_000 },
  endToEnd: smokeEndToEnd,
  endToEndExternal: { ...smokeEndToEnd, externalEmulator: true },
};
