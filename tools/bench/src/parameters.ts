import type {
  ColdStartOptions,
  EndToEndOptions,
  IngestLatencyOptions,
  LocalDrainOptions,
  ProcessorThroughputOptions,
  PurgeBenchOptions,
  QueryLatencyOptions,
} from './options';

/** Every measurement, by the name of its result file, in the order a run takes them. */
export const measurementNames = [
  'processor-throughput',
  'ingest-latency',
  'idempotency-purge',
  'query-latency',
  'cold-start',
  'cost-model',
  'end-to-end',
  'local-drain',
] as const;

/** One of {@link measurementNames}. */
export type MeasurementName = (typeof measurementNames)[number];

/** What each measurement runs with. */
export interface BenchParameters {
  processor: ProcessorThroughputOptions;
  ingest: IngestLatencyOptions;
  query: QueryLatencyOptions;
  coldStart: ColdStartOptions;
  purge: PurgeBenchOptions;
  endToEnd: EndToEndOptions;
  localDrain: LocalDrainOptions;
}

const endToEnd: EndToEndOptions = {
  ratePerSecond: 200,
  durationSeconds: 20,
  curveRates: [50, 100, 200, 400, 800],
  curveSeconds: 5,
  budgetMs: 110_000,
};

/** The recorded run: what bench/results and docs/BENCHMARKS.md report (≤ 10 minutes on 2 cores). */
export const recordedParameters: BenchParameters = {
  processor: {
    runs: 7,
    batchSizes: [10, 50, 100],
    events: { ours: 1_000, reference: 200, ceiling: 1_000 },
    budgetMs: 110_000,
    historyRows: 200_000,
    breakdownBatches: 10,
    poisonBatches: 5,
  },
  ingest: { singleRequests: 1_000, batchRequests: 30, batchSize: 100, budgetMs: 45_000 },
  query: {
    rows: 10_000_000,
    users: 100_000,
    byIdRequests: 2_000,
    listRequests: 1_000,
    budgetMs: 60_000,
  },
  coldStart: {
    functions: ['ingest', 'processor', 'query', 'migrate', 'authorizer'],
    samples: 15,
    budgetMs: 70_000,
  },
  purge: { keys: 1_000_000, budgetMs: 60_000 },
  endToEnd,
  localDrain: { events: 20_000, runs: 3, budgetMs: 90_000 },
};

const smokeEndToEnd: EndToEndOptions = {
  ...endToEnd,
  ratePerSecond: 20,
  durationSeconds: 2,
  curveRates: [20],
  curveSeconds: 1,
  // A curve step needs its seconds plus 15 s in what is left of the budget.
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
    poisonBatches: 1,
  },
  ingest: { ...recordedParameters.ingest, singleRequests: 10, batchRequests: 2, budgetMs: 10_000 },
  query: { rows: 10_000, users: 100, byIdRequests: 20, listRequests: 10, budgetMs: 10_000 },
  coldStart: { ...recordedParameters.coldStart, samples: 1, budgetMs: 30_000 },
  purge: { keys: 10_000, budgetMs: 20_000 },
  endToEnd: smokeEndToEnd,
  localDrain: { events: 1_000, runs: 1, budgetMs: 60_000 },
};
