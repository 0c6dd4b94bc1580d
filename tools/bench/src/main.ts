/**
 * `make bench`: runs every measurement in one process, prints the table, writes
 * results/<name>.json and renders docs/BENCHMARKS.md from BENCHMARKS.template.md. Every server
 * it starts is stopped at the end, on failure, and on Ctrl-C. Exits non-zero when a
 * measurement failed (a missed target is not a failure).
 *
 * FLUXA_BENCH_ONLY=<name>[,<name>…] runs only those measurements; FLUXA_BENCH_SMOKE=1 runs them
 * with the smallest parameters they accept. Such a run prints its table and writes nothing.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measureColdStart } from './coldStart';
import { costModel } from './costModel';
import { measureEndToEnd } from './endToEnd';
import { type BenchEnvironment, startEnvironment } from './environment';
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
import { repoRoot } from './repoRoot';
import { printTable, tableRows } from './report';
import { type MeasurementResult, machine, notRun } from './results';
import { renderTemplate } from './template';

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

/** Runs one measurement when it is selected; an exception becomes a `failed` result. */
async function measure<T>(
  name: MeasurementName,
  run: () => Promise<T> | T,
  resultOf: (value: T) => MeasurementResult,
): Promise<T | undefined> {
  if (!selected(name)) return undefined;
  log(`bench [${seconds()} s]: ${name}${smoke ? ' (smoke)' : ''} …`);
  const t0 = performance.now();
  try {
    const value = await run();
    results.push({
      ...resultOf(value),
      elapsedSeconds: Number(((performance.now() - t0) / 1000).toFixed(1)),
    });
    return value;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    log(`bench: ${name} failed: ${reason}`);
    results.push(notRun(name, 'failed', reason));
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
    const processor = await measure(
      'processor-throughput',
      () => measureProcessorThroughput(env, parameters.processor),
      (v) => v.result,
    );
    processorCost = processor?.costInputs;
    const ingest = await measure(
      'ingest-latency',
      () => measureIngestLatency(env, parameters.ingest),
      (v) => v.result,
    );
    ingestCost = ingest?.costInputs;
    await measure(
      'idempotency-purge',
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
  () => measureQueryLatency(parameters.query),
  (v) => v,
);
await measure(
  'cold-start',
  () => measureColdStart(parameters.coldStart),
  (v) => v,
);
await measure(
  'cost-model',
  () => ({ ingest: ingestCost, processor: processorCost }),
  ({ ingest, processor }) =>
    ingest && processor
      ? costModel(ingest, processor)
      : notRun(
          'cost-model',
          'skipped',
          'needs ingest-latency and processor-throughput in the same run',
        ),
);
await measure(
  'end-to-end',
  () => measureEndToEnd(parameters.endToEnd),
  (v) => v,
);
await measure(
  'local-drain',
  () => measureLocalDrain(parameters.localDrain),
  (v) => v,
);

const elapsedSeconds = (performance.now() - started) / 1000;
log('');
printTable(results, log);
log('');
if (smoke || only !== undefined) {
  log(`bench: ${smoke ? 'smoke' : 'partial'} run, ${elapsedSeconds.toFixed(0)} s: nothing written`);
} else {
  const resultsDir = path.join(repoRoot, 'tools', 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  for (const { name, title, ...rest } of results) {
    const document = { name, title, machine: machine(), date: date.toISOString(), ...rest };
    writeFileSync(path.join(resultsDir, `${name}.json`), `${JSON.stringify(document, null, 2)}\n`);
  }
  const template = readFileSync(
    path.join(repoRoot, 'tools', 'bench', 'BENCHMARKS.template.md'),
    'utf8',
  );
  const view = {
    run: {
      date: date.toISOString(),
      elapsedSeconds,
      machine: machine(),
      loadAverage: { start: loadAtStart, end: os.loadavg() },
    },
    results: tableRows(results),
    ...Object.fromEntries(
      results.map((r) => [
        r.name,
        { ...r, ...Object.fromEntries(r.metrics.map((m) => [m.key, m.summary])) },
      ]),
    ),
  };
  writeFileSync(path.join(repoRoot, 'docs', 'BENCHMARKS.md'), renderTemplate(template, view));
  log(
    `bench: ${results.length} result files and docs/BENCHMARKS.md written, ${elapsedSeconds.toFixed(0)} s`,
  );
}
const failed = results.filter((r) => r.status === 'failed');
if (failed.length > 0) {
  log(`bench: FAILED: ${failed.map((r) => r.name).join(', ')}`);
  process.exit(1);
}
