/**
 * `make bench`: runs every measurement in one process, prints the table,
 * writes bench/results/<name>.json and regenerates docs/BENCHMARKS.md. Every
 * server it starts is stopped at the end, on failure, and on Ctrl-C. Exits
 * non-zero when a measurement failed (a missed target is not a failure).
 *
 * FLUXA_BENCH_ONLY=<name>[,<name>…] runs only those measurements;
 * FLUXA_BENCH_SMOKE=1 runs them with the smallest parameters they accept. Such
 * a run prints its table and writes nothing: the result files and the page
 * come from whole, full runs only.
 */
import os from 'node:os';
import { writeCharts } from './charts';
import { measureColdStart } from './coldStart';
import { costModel } from './costModel';
import { measureEndToEnd } from './endToEnd';
import { type BenchEnvironment, startEnvironment } from './environment';
import { findings } from './findings';
import { type IngestCostInputs, measureIngestLatency } from './ingestLatency';
import { measureLocalDrain } from './localDrain';
import {
  type MeasurementName,
  measurementNames,
  recordedParameters,
  smokeParameters,
} from './parameters';
import type { ProcessorCostInputs } from './processorResult';
import { measureProcessorThroughput } from './processorThroughput';
import { measurePurge } from './purgeBench';
import { measureQueryLatency } from './queryLatency';
import { printTable, writeBenchmarksDoc } from './report';
import { type MeasurementResult, machine, writeResult } from './results';

const log = (line: string) => process.stdout.write(`${line}\n`);
const only = process.env.FLUXA_BENCH_ONLY?.split(',')
  .map((name) => name.trim())
  .filter((name) => name !== '');
const unknown = only?.filter((name) => !(measurementNames as readonly string[]).includes(name));
if (unknown && unknown.length > 0) {
  log(
    `bench: FLUXA_BENCH_ONLY: no measurement ${unknown.join(', ')} (${measurementNames.join(', ')})`,
  );
  process.exit(2);
}
const selected = (name: MeasurementName) => only === undefined || only.includes(name);
const smoke = process.env.FLUXA_BENCH_SMOKE === '1';
const parameters = smoke ? smokeParameters : recordedParameters;
const partial = smoke || only !== undefined;

const date = new Date();
const started = performance.now();
const loadAtStart = os.loadavg();
const results: MeasurementResult[] = [];
const seconds = () => ((performance.now() - started) / 1000).toFixed(0);

let environment: BenchEnvironment | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`bench: ${signal}: stopping servers`);
    void (environment?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  });
}

/**
 * Runs one measurement when it is selected; an exception becomes a `failed`
 * result instead of ending the suite.
 */
async function measure<T>(
  name: MeasurementName,
  title: string,
  run: () => Promise<T> | T,
  resultOf: (value: T) => MeasurementResult,
): Promise<T | undefined> {
  if (!selected(name)) return undefined;
  log(`bench [${seconds()} s]: ${name}${smoke ? ' (smoke)' : ''} …`);
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
if (
  selected('processor-throughput') ||
  selected('ingest-latency') ||
  selected('idempotency-purge')
) {
  try {
    environment = await startEnvironment();
    const env = environment;
    processorCost = (
      await measure(
        'processor-throughput',
        'Processor throughput',
        () => measureProcessorThroughput(env, parameters.processor),
        (v) => v.result,
      )
    )?.costInputs;
    ingestCost = (
      await measure(
        'ingest-latency',
        'Ingest handler time',
        () => measureIngestLatency(env, parameters.ingest),
        (v) => v.result,
      )
    )?.costInputs;
    await measure(
      'idempotency-purge',
      'Idempotency key purge',
      () => measurePurge(env, parameters.purge),
      (v) => v,
    );
  } catch (error) {
    log(`bench: could not start PostgreSQL and the emulator: ${(error as Error).message}`);
  } finally {
    await environment?.stop();
    environment = undefined;
  }
}

await measure(
  'query-latency',
  'Query latency',
  () => measureQueryLatency(parameters.query),
  (v) => v,
);
await measure(
  'cold-start',
  'Cold start',
  () => measureColdStart(parameters.coldStart),
  (v) => v,
);
await measure(
  'cost-model',
  'Cost model',
  () => ({ ingest: ingestCost, processor: processorCost }),
  ({ ingest, processor }): MeasurementResult =>
    ingest && processor
      ? costModel(ingest, processor)
      : {
          name: 'cost-model',
          title: 'Cost model',
          status: 'skipped',
          reason: 'needs ingest-latency and processor-throughput, measured in the same run',
          parameters: {},
          metrics: [],
        },
);
await measure(
  'end-to-end',
  'End to end on the local stack',
  () => measureEndToEnd(parameters.endToEnd),
  (v) => v,
);
await measure(
  'local-drain',
  'Local stack drain',
  () => measureLocalDrain(parameters.localDrain),
  (v) => v,
);

const elapsedSeconds = (performance.now() - started) / 1000;
log('');
printTable(results, log);
log('');
if (partial) {
  log(
    `bench: ${smoke ? 'smoke' : 'partial'} run, ${elapsedSeconds.toFixed(0)} s: nothing written ` +
      '(bench/results and docs/BENCHMARKS.md come from a whole make bench)',
  );
} else {
  for (const result of results) writeResult(result, date);
  const doc = writeBenchmarksDoc(
    results,
    {
      date,
      machine: machine(),
      elapsedSeconds,
      loadAverage: { start: loadAtStart, end: os.loadavg() },
    },
    findings(results),
    writeCharts(results),
  );
  log(
    `bench: ${results.length} result files in bench/results, ${doc} and its charts regenerated, ${elapsedSeconds.toFixed(0)} s`,
  );
}
const failed = results.filter((r) => r.status === 'failed');
if (failed.length > 0) {
  log(`bench: FAILED: ${failed.map((r) => r.name).join(', ')}`);
  process.exit(1);
}
