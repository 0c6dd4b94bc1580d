/**
 * `make bench`: runs every measurement of issue 5 in one process, prints the
 * table, writes bench/results/<name>.json and regenerates docs/BENCHMARKS.md.
 * Every server it starts is stopped at the end, on failure, and on Ctrl-C.
 * Exits non-zero when a measurement failed (a missed target is not a failure).
 */
import os from 'node:os';
import { measureColdStart } from './coldStart';
import { costModel } from './costModel';
import { measureEndToEnd } from './endToEnd';
import { type BenchEnvironment, startEnvironment } from './environment';
import { findings } from './findings';
import { type IngestCostInputs, measureIngestLatency } from './ingestLatency';
import type { ProcessorCostInputs } from './processorResult';
import { measureProcessorThroughput } from './processorThroughput';
import { measureQueryLatency } from './queryLatency';
import { printTable, writeBenchmarksDoc } from './report';
import { type MeasurementResult, machine, writeResult } from './results';

const date = new Date();
const started = performance.now();
const loadAtStart = os.loadavg();
const results: MeasurementResult[] = [];
const log = (line: string) => process.stdout.write(`${line}\n`);
const seconds = () => ((performance.now() - started) / 1000).toFixed(0);

let environment: BenchEnvironment | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`bench: ${signal}: stopping servers`);
    void (environment?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  });
}

/** Runs one measurement; an exception becomes a `failed` result instead of ending the suite. */
async function measure<T>(
  name: string,
  title: string,
  run: () => Promise<T> | T,
  resultOf: (value: T) => MeasurementResult,
): Promise<T | undefined> {
  log(`bench [${seconds()} s]: ${name} …`);
  const t0 = performance.now();
  try {
    const value = await run();
    const result = resultOf(value);
    result.elapsedSeconds = Number(((performance.now() - t0) / 1000).toFixed(1));
    results.push(result);
    return value;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    log(`bench: ${name} failed: ${reason}`);
    results.push({ name, title, status: 'failed', reason, parameters: {}, metrics: [] });
    return undefined;
  }
}

let processorCost: ProcessorCostInputs | undefined;
let ingestCost: IngestCostInputs | undefined;
try {
  environment = await startEnvironment();
  const env = environment;
  processorCost = (
    await measure(
      'processor-throughput',
      'Processor throughput',
      () =>
        measureProcessorThroughput(env, {
          runs: 7,
          batchSizes: [10, 100],
          events: { ours: 1_000, reference: 200, ceiling: 1_000 },
          budgetMs: 120_000,
          historyRows: 200_000,
          breakdownBatches: 10,
        }),
      (v) => v.result,
    )
  )?.costInputs;
  ingestCost = (
    await measure(
      'ingest-latency',
      'Ingest handler time',
      () =>
        measureIngestLatency(env, {
          singleRequests: 1_000,
          batchRequests: 30,
          batchSize: 100,
          budgetMs: 45_000,
        }),
      (v) => v.result,
    )
  )?.costInputs;
  await measure(
    'query-latency',
    'Query latency',
    () =>
      measureQueryLatency(env, {
        rows: 1_000_000,
        users: 10_000,
        byIdRequests: 2_000,
        listRequests: 1_000,
        budgetMs: 150_000,
      }),
    (v) => v,
  );
} catch (error) {
  log(`bench: could not start PostgreSQL and the emulator: ${(error as Error).message}`);
} finally {
  await environment?.stop();
  environment = undefined;
}

await measure(
  'cold-start',
  'Cold start',
  () =>
    measureColdStart({
      functions: ['ingest', 'processor', 'query', 'migrate'],
      samples: 20,
      budgetMs: 90_000,
    }),
  (v) => v,
);
if (processorCost && ingestCost) {
  const inputs = { processor: processorCost, ingest: ingestCost };
  await measure(
    'cost-model',
    'Cost model',
    () => costModel(inputs.ingest, inputs.processor),
    (v) => v,
  );
}
const endToEnd = {
  ratePerSecond: 200,
  durationSeconds: 30,
  searchRates: [100, 150, 200, 300, 400, 600, 800, 1_200],
  stepSeconds: 8,
  searchBatchSize: 20,
  budgetMs: 130_000,
};
await measure(
  'end-to-end',
  'End to end on the local stack',
  () => measureEndToEnd(endToEnd),
  (v) => v,
);
await measure(
  'end-to-end-external-emulator',
  'End to end, external emulator (diagnostic)',
  () =>
    measureEndToEnd({ ...endToEnd, durationSeconds: 15, budgetMs: 90_000, externalEmulator: true }),
  (v) => v,
);

const elapsedSeconds = (performance.now() - started) / 1000;
for (const result of results) writeResult(result, date);
log('');
printTable(results, log);
const doc = writeBenchmarksDoc(
  results,
  {
    date,
    machine: machine(),
    elapsedSeconds,
    loadAverage: { start: loadAtStart, end: os.loadavg() },
  },
  findings(results),
);
log('');
log(
  `bench: ${results.length} result files in bench/results, ${doc} regenerated, ${elapsedSeconds.toFixed(0)} s`,
);
const failed = results.filter((r) => r.status === 'failed');
if (failed.length > 0) {
  log(`bench: FAILED: ${failed.map((r) => r.name).join(', ')}`);
  process.exit(1);
}
