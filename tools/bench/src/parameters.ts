/** The recorded run: what results/ and docs/BENCHMARKS.md report (≤ 10 minutes on 2 cores). */
export const recordedParameters = {
  processor: {
    runs: 5,
    batchSizes: [10, 50, 100],
    eventsPerRun: 2_000,
    historyRows: 200_000,
    budgetMs: 90_000,
  },
  ingest: { singleRequests: 1_000, batchRequests: 30, batchSize: 100, budgetMs: 45_000 },
  keyPurge: { keys: 500_000, budgetMs: 60_000 },
  retention: { events: 100_000, budgetMs: 90_000 },
  relay: { events: 30_000, budgetMs: 45_000 },
  query: { rows: 10_000_000, users: 100_000, requests: 1_000, budgetMs: 60_000 },
  coldStart: {
    functions: ['ingest', 'processor', 'query', 'migrate', 'authorizer', 'relay', 'control'],
    samples: 10,
    budgetMs: 45_000,
  },
  endToEnd: { rates: [50, 100, 200, 400, 800], seconds: 8, rate: 200, budgetMs: 150_000 },
  replay: { events: 100_000, rate: 100, seconds: 10, budgetMs: 120_000 },
  client: { events: 20_000, runs: 3, budgetMs: 150_000 },
};

/**
 * The smallest parameters each measurement accepts (`FLUXA_BENCH_SMOKE=1`): a check that it
 * still runs end to end, in seconds, not a measurement. Every user of the query dataset keeps
 * a full list page (rows / users ≥ 50).
 */
export const smokeParameters: typeof recordedParameters = {
  processor: { ...recordedParameters.processor, runs: 1, eventsPerRun: 100, historyRows: 1_000 },
  ingest: { ...recordedParameters.ingest, singleRequests: 10, batchRequests: 2 },
  keyPurge: { keys: 10_000, budgetMs: 20_000 },
  retention: { events: 10_000, budgetMs: 30_000 },
  relay: { events: 1_000, budgetMs: 20_000 },
  query: { rows: 10_000, users: 100, requests: 10, budgetMs: 10_000 },
  coldStart: { ...recordedParameters.coldStart, samples: 1 },
  endToEnd: { rates: [20], seconds: 2, rate: 20, budgetMs: 40_000 },
  replay: { events: 2_000, rate: 20, seconds: 2, budgetMs: 60_000 },
  client: { events: 1_000, runs: 1, budgetMs: 60_000 },
};
