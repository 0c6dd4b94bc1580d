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
import { type IngestCost, measureIngestLatency } from './ingestLatency';
import { measureKeyPurge } from './keyPurge';
import { recordedParameters, smokeParameters } from './parameters';
import { measureProcessorThroughput, type ProcessorCost } from './processorThroughput';
import { measureQueryLatency } from './queryLatency';
import { repoRoot } from './repoRoot';
import { tableRows } from './report';
import { type MeasurementResult, machine, notRun } from './results';
import { markdownTable, renderTemplate } from './template';

const log = (line: string) => process.stdout.write(`${line}\n`);
const smoke = process.env.FLUXA_BENCH_SMOKE === '1';
const parameters = smoke ? smokeParameters : recordedParameters;

const cost: { ingest?: IngestCost; processor?: ProcessorCost } = {};
type Measure<A extends unknown[]> = (...args: A) => Promise<MeasurementResult> | MeasurementResult;
/** The measurements on the shared durable PostgreSQL and emulator, by result name, in run order. */
const inEnvironment: Record<string, Measure<[BenchEnvironment]>> = {
  'processor-throughput': async (env) => {
    const { result, cost: processor } = await measureProcessorThroughput(env, parameters.processor);
    cost.processor = processor;
    return result;
  },
  'ingest-latency': async (env) => {
    const { result, cost: ingest } = await measureIngestLatency(env, parameters.ingest);
    cost.ingest = ingest;
    return result;
  },
  'idempotency-purge': (env) => measureKeyPurge(env, parameters.keyPurge),
};
/** The measurements that start what they need themselves, in the order they run (after those). */
const standalone: Record<string, Measure<[]>> = {
  'query-latency': () => measureQueryLatency(parameters.query),
  'cold-start': () => measureColdStart(parameters.coldStart),
  'cost-model': () => costModel(cost.ingest, cost.processor),
  'end-to-end': () => measureEndToEnd(parameters.endToEnd),
};

const names = [...Object.keys(inEnvironment), ...Object.keys(standalone)];
const only = process.env.FLUXA_BENCH_ONLY?.split(',')
  .map((name) => name.trim())
  .filter(Boolean);
const unknown = only?.filter((name) => !names.includes(name));
if (unknown && unknown.length > 0) {
  log(`bench: FLUXA_BENCH_ONLY: no measurement ${unknown.join(', ')} (${names.join(', ')})`);
  process.exit(2);
}
const selected = ([name]: [string, unknown]) => only === undefined || only.includes(name);

const date = new Date();
const started = performance.now();
const loadAtStart = os.loadavg();
const results: MeasurementResult[] = [];
let environment: BenchEnvironment | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`bench: ${signal}: stopping servers`);
    void (environment?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  });
}

/** Runs one measurement; an exception becomes a `failed` result. */
async function measure(name: string, run: () => Promise<MeasurementResult> | MeasurementResult) {
  log(
    `bench [${((performance.now() - started) / 1000).toFixed(0)} s]: ${name}${smoke ? ' (smoke)' : ''} …`,
  );
  const t0 = performance.now();
  try {
    const result = await run();
    results.push({
      ...result,
      elapsedSeconds: Number(((performance.now() - t0) / 1000).toFixed(1)),
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    log(`bench: ${name} failed: ${reason}`);
    results.push(notRun(name, 'failed', reason));
  }
}

const environmentRuns = Object.entries(inEnvironment).filter(selected);
if (environmentRuns.length > 0) {
  try {
    const env = await startEnvironment();
    environment = env;
    for (const [name, run] of environmentRuns) await measure(name, () => run(env));
  } catch (error) {
    const reason = `could not start PostgreSQL and the emulator: ${(error as Error).message}`;
    for (const [name] of environmentRuns) results.push(notRun(name, 'failed', reason));
  } finally {
    await environment?.stop();
    environment = undefined;
  }
}
for (const [name, run] of Object.entries(standalone).filter(selected)) await measure(name, run);

const elapsedSeconds = (performance.now() - started) / 1000;
log(`\n${markdownTable(tableRows(results))}\n`);
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
    // Each result by name, its metrics' summaries by key beside its fields: {{end-to-end.e2e_ms.p95}}.
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
