/**
 * `make bench`: runs every measurement in one process, prints the table, writes
 * results/<name>.json and renders docs/BENCHMARKS.md from BENCHMARKS.template.md. Every server
 * it starts is stopped at the end, on failure, and on Ctrl-C. Exits non-zero when a
 * measurement failed (a missed target is not a failure).
 *
 * FLUXA_BENCH_ONLY=<name>[,<name>…] runs only those measurements; FLUXA_BENCH_SMOKE=1 runs them
 * with the smallest parameters they accept. Such a run prints its table and each result's
 * details, and writes nothing.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBenchStack } from './benchStack';
import { measureClientEnqueue } from './clientEnqueue';
import { measureColdStart } from './coldStart';
import { costModel } from './costModel';
import { measureEndToEnd } from './endToEnd';
import { startEnvironment } from './environment';
import { type IngestCost, measureIngestLatency } from './ingestLatency';
import { measureKeyPurge } from './keyPurge';
import { measureOutboxRelay } from './outboxRelay';
import { recordedParameters, smokeParameters } from './parameters';
import { measureProcessorThroughput, type ProcessorCost } from './processorThroughput';
import { measureQueryLatency } from './queryLatency';
import { measureReplay } from './replay';
import { repoRoot } from './repoRoot';
import { tableRows } from './report';
import { type MeasurementResult, machine, notRun } from './results';
import { measureRetentionPurge } from './retentionPurge';
import { markdownTable, renderTemplate } from './template';

const log = (line: string) => process.stdout.write(`${line}\n`);
const benchDir = path.join(repoRoot, 'tools', 'bench');
const smoke = process.env.FLUXA_BENCH_SMOKE === '1';
const parameters = smoke ? smokeParameters : recordedParameters;

const date = new Date();
const started = performance.now();
const loadAtStart = os.loadavg();
const results: MeasurementResult[] = [];
/** What the group running now started: stopped on Ctrl-C. */
let running: Stoppable | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`bench: ${signal}: stopping servers`);
    void (running?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  });
}

type Stoppable = { stop(): Promise<void> };
type Measure<F> = (fixture: F) => Promise<MeasurementResult> | MeasurementResult;

/** Runs one measurement; an exception becomes a `failed` result. */
async function measure(name: string, run: () => Promise<MeasurementResult> | MeasurementResult) {
  const at = ((performance.now() - started) / 1000).toFixed(0);
  log(`bench [${at} s]: ${name}${smoke ? ' (smoke)' : ''} …`);
  const t0 = performance.now();
  try {
    const result = await run();
    const elapsedSeconds = Number(((performance.now() - t0) / 1000).toFixed(1));
    results.push({ ...result, elapsedSeconds });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    log(`bench: ${name} failed: ${reason}`);
    results.push(notRun(name, 'failed', reason));
  }
}

/**
 * Measurements (by result name, in run order) that share what `start` starts: started once
 * when one of them is selected, stopped after the last, on failure and on Ctrl-C.
 */
function group<F extends Stoppable>(
  what: string,
  start: () => Promise<F>,
  runs: Record<string, Measure<F>>,
) {
  return {
    names: Object.keys(runs),
    async run(chosen: (name: string) => boolean): Promise<void> {
      const picked = Object.entries(runs).filter(([name]) => chosen(name));
      if (picked.length === 0) return;
      const fixture = await start().catch((error: Error) => {
        const reason = `could not start ${what}: ${error.message}`;
        for (const [name] of picked) results.push(notRun(name, 'failed', reason));
      });
      if (!fixture) return;
      running = fixture;
      try {
        for (const [name, run] of picked) await measure(name, () => run(fixture));
      } finally {
        running = undefined;
        await fixture.stop();
      }
    },
  };
}

const cost: { ingest?: IngestCost; processor?: ProcessorCost } = {};
const groups = [
  group('PostgreSQL and the emulator', startEnvironment, {
    'processor-throughput': async (env) => {
      const measured = await measureProcessorThroughput(env, parameters.processor);
      cost.processor = measured.cost;
      return measured.result;
    },
    'ingest-latency': async (env) => {
      const measured = await measureIngestLatency(env, parameters.ingest);
      cost.ingest = measured.cost;
      return measured.result;
    },
    'idempotency-purge': (env) => measureKeyPurge(env, parameters.keyPurge),
    'retention-purge': (env) => measureRetentionPurge(env, parameters.retention),
    'outbox-relay': (env) => measureOutboxRelay(env, parameters.relay),
  }),
  group('nothing', async () => ({ stop: async () => {} }), {
    'query-latency': () => measureQueryLatency(parameters.query),
    'cold-start': () => measureColdStart(parameters.coldStart),
    'cost-model': () => costModel(cost.ingest, cost.processor),
  }),
  // A fresh stack each (5 s to start): what one leaves, a backlog or grown tables and queues,
  // would slow the next.
  group('a local stack', startBenchStack, {
    'end-to-end': (bench) => measureEndToEnd(bench.stack, parameters.endToEnd),
  }),
  group('a local stack', startBenchStack, {
    'client-enqueue': (bench) => measureClientEnqueue(bench.stack, parameters.client),
  }),
  group('a local stack', startBenchStack, {
    replay: (bench) => measureReplay(bench.stack, parameters.replay),
  }),
];

const names = groups.flatMap((g) => g.names);
const only = process.env.FLUXA_BENCH_ONLY?.split(',')
  .map((name) => name.trim())
  .filter(Boolean);
const unknown = only?.filter((name) => !names.includes(name));
if (unknown && unknown.length > 0) {
  log(`bench: FLUXA_BENCH_ONLY: no measurement ${unknown.join(', ')} (${names.join(', ')})`);
  process.exit(2);
}
for (const g of groups) await g.run((name) => only === undefined || only.includes(name));

const elapsedSeconds = (performance.now() - started) / 1000;
log(`\n${markdownTable(tableRows(results))}\n`);
if (smoke || only !== undefined) {
  for (const { name, details } of results) if (details) log(`${name}: ${JSON.stringify(details)}`);
  log(`bench: ${smoke ? 'smoke' : 'partial'} run, ${elapsedSeconds.toFixed(0)} s: nothing written`);
} else {
  const resultsDir = path.join(benchDir, 'results');
  mkdirSync(resultsDir, { recursive: true });
  for (const { name, title, ...rest } of results) {
    const document = { name, title, machine: machine(), date: date.toISOString(), ...rest };
    writeFileSync(path.join(resultsDir, `${name}.json`), `${JSON.stringify(document, null, 2)}\n`);
  }
  const template = readFileSync(path.join(benchDir, 'BENCHMARKS.template.md'), 'utf8');
  const view = {
    run: {
      date: date.toISOString(),
      elapsedSeconds,
      machine: machine(),
      loadAverage: { start: loadAtStart, end: os.loadavg() },
    },
    results: tableRows(results),
    missed: tableRows(results).filter((row) => row.status === '**missed**'),
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
