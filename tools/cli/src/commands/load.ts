import { maxBatchEvents } from '@fluxa/models';
import {
  distribution,
  formatDistribution,
  rounded,
  sampleEvents,
  seededRandom,
} from '@fluxa/samples';
import {
  booleanFlag,
  type CommandSpec,
  type FlagValues,
  integerFlag,
  secondsFlag,
  switchFlag,
  valueFlag,
} from '../args';
import { connectApi, timeoutOption } from '../connect';
import type { Command, CommandContext } from '../context';
import { exitCodes } from '../errors';
import { type SendPhase, sendLoad } from '../load/sendLoad';
import { type WaitPhase, waitQueryable } from '../load/waitQueryable';
import { formatFields } from '../output';
import { withProgress } from '../progress';
import { apiOptions } from '../target';

const spec: CommandSpec = {
  name: 'load',
  summary: 'load-test ingest: throughput and latency percentiles, optionally end-to-end lag',
  synopsis: '[--count N] [--concurrency C] [--batch K] [--wait] [options]',
  options: {
    count: valueFlag('N', 'events to send (default 1000, max 1000000)'),
    concurrency: valueFlag('C', 'requests in flight (default 10, max 1000)'),
    batch: valueFlag('K', `events per request, 1–${maxBatchEvents} (default 1)`),
    wait: switchFlag('wait until every accepted event is queryable; report lag'),
    'wait-timeout': valueFlag('SECONDS', 'longest wait with --wait (default 120)'),
    ...apiOptions,
    ...timeoutOption,
  },
  examples: [
    'fluxa load --count 5000 --concurrency 20',
    'fluxa load --count 2000 --batch 50 --wait --json',
  ],
};

/** The figures a load run reports (the --json shape), from the measured phases. */
function loadReport(
  settings: { count: number; concurrency: number; batch: number },
  send: SendPhase,
  wait?: WaitPhase,
) {
  const seconds = Math.max(send.elapsedMs / 1000, 0.001);
  return {
    ...settings,
    accepted: send.accepted.size,
    rejected: send.rejected,
    failed: send.failed,
    requests: send.requests,
    statuses: send.statuses,
    elapsed_s: Number(seconds.toFixed(3)),
    events_per_second: Math.round(send.accepted.size / seconds),
    requests_per_second: Math.round(send.requests / seconds),
    latency_ms: rounded(distribution(send.latenciesMs)),
    interrupted: send.interrupted,
    wait: wait && {
      stored: wait.found,
      missing: wait.missing.length,
      timed_out: wait.timedOut,
      elapsed_s: Number((wait.elapsedMs / 1000).toFixed(3)),
      // GET /events calls the wait made (one per 100 pending events per round).
      list_requests: wait.requests,
      observed_lag_ms: rounded(distribution(wait.observedLagMs)),
      pipeline_lag_ms: rounded(distribution(wait.pipelineLagMs)),
    },
  };
}

/** The human lines of a report. */
function loadReportLines(report: ReturnType<typeof loadReport>): string[] {
  const statuses = Object.entries(report.statuses)
    .map(([status, count]) => `${status}×${count}`)
    .join(' ');
  const fields: Array<[string, string]> = [
    [
      'sent',
      `${report.accepted} accepted, ${report.rejected} rejected, ${report.failed} failed of ${report.count} events${report.interrupted ? ' (interrupted)' : ''}`,
    ],
    [
      'requests',
      `${report.requests} (batch ${report.batch}, concurrency ${report.concurrency}); HTTP ${statuses || '-'}`,
    ],
    ['elapsed', `${report.elapsed_s.toFixed(2)} s`],
    [
      'throughput',
      `${report.events_per_second} events/s, ${report.requests_per_second} requests/s`,
    ],
    ['latency', formatDistribution(report.latency_ms, 'ms')],
  ];
  if (report.wait) {
    const wait = report.wait;
    fields.push(
      [
        'stored',
        `${wait.stored}/${report.accepted} queryable after ${wait.elapsed_s.toFixed(2)} s (${wait.list_requests} list calls)${wait.timed_out ? ' (timed out)' : ''}`,
      ],
      ['lag (observed)', formatDistribution(wait.observed_lag_ms, 'ms')],
      ['lag (pipeline)', formatDistribution(wait.pipeline_lag_ms, 'ms')],
    );
  }
  return formatFields(fields);
}

async function run(context: CommandContext, { values }: { values: FlagValues }): Promise<number> {
  const count = integerFlag(values, 'count', { min: 1, max: 1_000_000, fallback: 1000 });
  const concurrency = integerFlag(values, 'concurrency', { min: 1, max: 1000, fallback: 10 });
  const batch = integerFlag(values, 'batch', { min: 1, max: maxBatchEvents, fallback: 1 });
  const wait = booleanFlag(values, 'wait');
  const waitTimeoutMs = secondsFlag(values, 'wait-timeout', 120) * 1000;
  const { api } = await connectApi(context, values);
  const runId = Date.now().toString(36);
  const events = sampleEvents({
    count,
    users: 10,
    userPrefix: `load-${runId}`,
    days: 1,
    now: new Date(),
    random: seededRandom(Date.now() % 2 ** 32),
  });
  const send = await withProgress(
    context,
    { label: 'sending', unit: 'events', total: count },
    (progress) =>
      sendLoad(api, {
        events,
        concurrency,
        batchSize: batch,
        correlationPrefix: `load-${runId}`,
        signal: context.signal,
        onProgress: (sent) => progress.update(sent),
      }),
  );
  let waited: WaitPhase | undefined;
  if (wait && send.accepted.size > 0 && !send.interrupted) {
    waited = await withProgress(
      context,
      { label: 'stored', unit: 'events', total: send.accepted.size },
      (progress) =>
        waitQueryable(api, send.accepted, {
          concurrency,
          timeoutMs: waitTimeoutMs,
          signal: context.signal,
          onProgress: (found) => progress.update(found),
        }),
    );
  }
  const report = loadReport({ count, concurrency, batch }, send, waited);
  context.out.result(report, () => loadReportLines(report));
  if (context.signal.aborted) return exitCodes.interrupted;
  const allStored = !wait || (waited !== undefined && waited.missing.length === 0);
  return report.accepted === count && allStored ? exitCodes.ok : exitCodes.failure;
}

/** `fluxa load`: a bounded load test of ingest, optionally through to the query API. */
export const loadCommand: Command = { spec, run };
