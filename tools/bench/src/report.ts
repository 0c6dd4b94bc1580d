import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Chart } from './charts';
import { repoRoot } from './environment';
import { benchCommand, type Machine, type MeasurementResult, type Metric } from './results';

/** Numbers as the table shows them: three significant figures, thousands separated. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '—';
  const magnitude = Math.abs(value);
  const digits = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3;
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** "min–max" for a handful of per-run values, "p25–p75" for latency samples. */
export function spreadOf(m: Metric): string {
  const { summary } = m;
  if (summary.n <= 1) return '—';
  if (summary.n <= 20) return `${formatNumber(summary.min)}–${formatNumber(summary.max)} (min–max)`;
  return `${formatNumber(summary.p25)}–${formatNumber(summary.p75)} (IQR)`;
}

const tailOf = (m: Metric) =>
  m.summary.n > 20 ? `${formatNumber(m.summary.p95)} / ${formatNumber(m.summary.p99)}` : '—';

function statusOf(m: Metric): string {
  if (!m.target) return '';
  return m.target.met ? 'met' : `**missed**: ${m.target.reason ?? 'see the result file'}`;
}

export interface TableRow {
  measurement: string;
  metric: string;
  median: string;
  spread: string;
  tail: string;
  target: string;
  status: string;
}

/** One row per metric, plus one per skipped or failed measurement. */
export function tableRows(results: MeasurementResult[]): TableRow[] {
  return results.flatMap((result): TableRow[] => {
    if (result.status !== 'ok') {
      return [
        {
          measurement: result.name,
          metric: result.status,
          median: '—',
          spread: '—',
          tail: '—',
          target: '',
          status: `**${result.status}**: ${result.reason ?? ''}`,
        },
      ];
    }
    return result.metrics.map((m) => ({
      measurement: result.name,
      metric: m.label,
      median: `${formatNumber(m.summary.median)} ${m.unit}`,
      spread: spreadOf(m),
      tail: tailOf(m),
      target: m.target?.text ?? '',
      status: statusOf(m),
    }));
  });
}

/** The table printed at the end of `make bench`. */
export function printTable(results: MeasurementResult[], write: (line: string) => void): void {
  const rows = tableRows(results);
  const headers: TableRow = {
    measurement: 'measurement',
    metric: 'metric',
    median: 'median',
    spread: 'spread',
    tail: 'p95 / p99',
    target: 'target',
    status: 'status',
  };
  const keys = Object.keys(headers) as (keyof TableRow)[];
  const plain = (text: string) => text.replace(/\*\*/g, '');
  const widths = keys.map((k) =>
    Math.min(60, Math.max(...[headers, ...rows].map((r) => plain(r[k]).length))),
  );
  const line = (row: TableRow) =>
    keys
      .map((k, i) =>
        plain(row[k])
          .slice(0, 120)
          .padEnd(widths[i] ?? 0),
      )
      .join('  ')
      .trimEnd();
  write(line(headers));
  write(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) write(line(row));
}

function markdownTable(results: MeasurementResult[]): string {
  const rows = tableRows(results);
  const escapePipes = (text: string) => text.replace(/\|/g, '\\|');
  return [
    '| measurement | metric | median | spread | p95 / p99 | target | status |',
    '| --- | --- | ---: | --- | ---: | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${[r.measurement, r.metric, r.median, r.spread, r.tail, r.target, r.status].map(escapePipes).join(' | ')} |`,
    ),
  ].join('\n');
}

export interface RunInfo {
  date: Date;
  machine: Machine;
  elapsedSeconds: number;
  loadAverage: { start: number[]; end: number[] };
}

/**
 * Regenerates docs/BENCHMARKS.md from a run: how to run it, the machine, the
 * table, and what the numbers say (the findings text comes from the caller,
 * which knows which numbers matter).
 */
export function writeBenchmarksDoc(
  results: MeasurementResult[],
  run: RunInfo,
  findings: string[],
  charts: Chart[],
): string {
  const { machine } = run;
  const file = path.join(repoRoot, 'docs', 'BENCHMARKS.md');
  const load = (values: number[]) => values.map((v) => v.toFixed(2)).join(' / ');
  const text = `# Benchmarks

\`${benchCommand}\` measures throughput, latency, size and cost side by side,
writes one JSON file per measurement to \`bench/results/\` and regenerates this
page. It is not part of \`make test\`. Every loop has a count and a deadline; the
whole run is bounded to 10 minutes on a 2-core machine. The code is in
[\`bench/src\`](../bench/src): one entry file per measurement (processor-throughput
composes files of its own for setup, runs, phase breakdown and result),
\`parameters.ts\` says what each runs with, \`main.ts\` runs them. Events come
from the CLI's seeded \`sampleEvents\` and percentiles from its \`distribution\`
(nearest rank), as \`fluxa load\` reports them.

\`\`\`sh
make bench                                 # make package, then the suite (pnpm --filter @fluxa/bench run bench)
FLUXA_BENCH_ONLY=query-latency make bench  # only the named measurements (comma-separated); writes nothing
FLUXA_BENCH_SMOKE=1 make bench             # the smallest parameters each accepts: does it still run? writes nothing
\`\`\`

The in-process measurements start their own PostgreSQL with durable settings
(\`fsync\`, \`synchronous_commit\`, \`full_page_writes\` on) and the SQS/SNS/S3
emulator in a process of its own; the end-to-end measurement starts a whole
local stack (\`startLocalStack\`). Nothing touches AWS.

## Last run

| | |
| --- | --- |
| date | ${run.date.toISOString()} |
| command | \`${benchCommand}\` (${run.elapsedSeconds.toFixed(0)} s for the suite, after \`make package\`) |
| machine | ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.platform} |
| Node.js | ${machine.node} |
| load average (1/5/15 min) | start ${load(run.loadAverage.start)}, end ${load(run.loadAverage.end)} |

Medians; spread is min–max over runs for per-run values and the interquartile
range for latency samples. A missed target says why.

${markdownTable(results)}

## Charts

${charts.map((c) => `![${c.alt}](${c.file})`).join('\n\n')}

## What the numbers say

${findings.map((f) => `- ${f}`).join('\n')}

## What was tried

- **The local stack's drain** (a burst of 20,000 events took 65 s to store, ~300
  events/s): one poller with batches of 10 was the limit, then the emulator.
  The poller now runs \`FLUXA_POLLER_CONCURRENCY\` (4) batches at once, each in
  its own instance of the processor bundle, batches of 100 gathered with
  concurrent receives within a 20 ms window, deletes concurrent. The emulator
  committed every SQS/SNS call to SQLite with an fsync (\`synchronous = FULL\`):
  its CPU and latency per event were larger than the pipeline's; it now runs
  WAL with \`synchronous = NORMAL\` (a patch: commits survive the emulator being
  killed, not an operating-system crash), and one transaction per API call
  instead of one per message (SQLite inserts were 70 µs each, 5.6 s of the
  emulator's 8 s of CPU for a burst of 20,000). The emulator parsed a
  \`PublishBatch\` form in quadratic time (every parameter scanned again per
  entry: half its CPU for a batch of notifications); patched to one pass.
- **\`fluxa load --wait\`** polled \`GET /events/{id}\` once per event per round,
  which took most of the API server's CPU while the stack drained; it now lists
  each group of 100 events by its correlation id.
- **One statement and one commit for claim + insert + success**
  (\`claimAndStore\`): was a claim commit, then a transaction of insert and
  \`complete\` (2.0 ms of 8 ms saved per batch of 100 in an A/B of the two on
  the same database). A concurrent claimant must not wait on the uncommitted
  key row: keys are claimed under \`pg_try_advisory_xact_lock\`, a held one is
  \`busy\` at once. \`markNotified\` stays a commit of its own: it must follow
  the publish, which must follow the store's commit; folding it into the next
  batch would leave the last batch's events unmarked once their messages are
  deleted.
- **\`notified_at\` as a HOT update**: not possible while the partial index
  \`events_unnotified_idx\` names \`notified_at\` (the operators' query of
  unpublished events) and freshly written pages are full; left as is.
- **The AWS SDK's share**: SNS \`PublishBatch\` costs the processor about 3 ms
  of CPU per batch of 100 in the SDK (query-protocol serialisation, SigV4, XML
  parsing, the log filter); SNS has no JSON protocol to switch to.
- **Cold start**: an ESM import of a Node built-in builds a facade that reads
  every export, and Node 24's \`http\` exports WebSocket through undici (10 ms at
  every import); the bundles take built-ins with \`process.getBuiltinModule\`.
  Secrets Manager (query, migrate: their only AWS client) is imported and built
  on first use; S3 is built on first use in ingest and the processor but stays
  statically imported: \`import()\` of it disabled tree shaking and added 100 KB
  of S3 commands, slower to parse than the evaluation it saved.
- **Earlier runs**: \`idempotency_keys\` with \`fillfactor = 70\` (HOT updates by
  \`complete\`, now only on the poison path); \`plan_cache_mode =
  force_custom_plan\` (no gain with analyzed history; hence the 200,000 analyzed
  rows the processor benchmark starts from); source maps out of the zips
  (\`--enable-source-maps\` doubled the import time); unnotified baseline rows
  (both baselines store their rows notified, and \`findUnnotified\` /
  \`markNotified\` select by primary key only); the emulator in a process of its
  own for the in-process measurements; a lean load generator (\`node:http\` with
  keep-alive, not \`fetch\`).

## How each number is made

- **processor-throughput**: ~1 KB events as the event source mapping would deliver
  them (SQS records built from real envelopes; receiving is not measured), run
  through \`createProcessor\` with a 2-connection pool and the emulator's SNS.
  In the same run and database, interleaved and rotated run by run with fresh
  event ids: the Go reference's per-event algorithm (\`bench/src/referenceAlgorithm.ts\`:
  per record BEGIN, \`SELECT … FOR UPDATE\`, insert/update the key, COMMIT, insert
  the event, mark \`success\`, one SNS \`Publish\`), and the ceiling, one raw
  \`insert … select … from unnest(…)\` per batch of the same rows. The result file
  adds a per-step breakdown of a batch of 100, PostgreSQL round trips counted
  on the wire, commit latency, and a latency model for AWS.
- **ingest-latency**: \`createIngestHandler\` called in-process with API Gateway
  proxy events; SQS calls counted by an SDK middleware.
- **cold-start**: zip sizes from \`dist/\`; import time measured inside a fresh
  \`node\` around \`await import(bundle)\`, next to \`node -e 0\`.
- **query-latency**: 10,000,000 rows (100 per user, 10 per correlation id)
  generated by one \`insert … select … from generate_series\` per half on two
  connections, secondary indexes built after, in a PostgreSQL cluster of its own
  kept in \`.bench-cache/query-pg-<rows>\` (gitignored) and reused while the
  migrations, the row count and the generator are unchanged: about 2 minutes
  the first time, seconds after. That cluster runs without fsync (only reads
  are measured). Then \`GET /events/{id}\` and a 50-item list page through
  \`createQueryHandler\` on the same lazy, read-only pool the Lambda uses;
  \`EXPLAIN (ANALYZE, BUFFERS)\` of the exact statements is in the result file.
- **idempotency-purge**: \`purgeSucceededKeys\` as the migrate function runs it
  (5,000 keys per statement) over old \`success\` keys among as many recent ones,
  on the durable PostgreSQL; every batch timed.
- **processor-throughput, poison**: batches of 100 with 0, 1 and 5 rows that a
  trigger makes PostgreSQL refuse (SQLSTATE 22P02): the cost of bisecting.
- **end-to-end**: open-loop \`POST /events\` to the local stack's API (defaults:
  poller concurrency 4, batch 100, window 20 ms); an event is queryable when a
  fresh snapshot of the stack's database shows its row. Then the same at each
  rate of a curve (the chart).
- **local-drain**: \`fluxa load --count 20000 --batch 100 --concurrency 4 --wait
  --json\` (the CLI bundle) against a fresh local stack, three runs: accepted
  rate, drained rate (events ÷ the time until the last one is stored) and the
  stored records' \`created_at − received_at\` p95.
- **cost-model**: list prices as named constants in \`bench/src/costModel.ts\`,
  applied to the counted calls and measured durations above.
`;
  writeFileSync(file, text);
  return file;
}
