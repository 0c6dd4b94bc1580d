import type { BenchEnvironment } from './environment';
import { processorOn } from './processorSetup';
import { sqsBatches } from './sqsBatches';
import { summarize } from './summary';

/** Median and p95 ms of each part of a batch of 100, by part. */
export type Breakdown = Record<
  'total' | 'store' | 'publish' | 'rest',
  { median: number; p95: number }
>;

/** Where the breakdown runs its batches. */
export interface BreakdownTarget {
  /** The benchmark database (seeded with history). */
  url: string;
  aws: Parameters<typeof processorOn>[1];
  /** Batches of 100 processed. */
  batches: number;
}

/** The value of `name` in the EMF lines a processor emitted for one invocation. */
function emfValue(lines: string[], name: string): number {
  for (const line of lines) {
    const value = (JSON.parse(line) as Record<string, unknown>)[name];
    if (typeof value === 'number') return value;
  }
  return Number.NaN;
}

/**
 * Where a batch of 100 spends its time, seen from outside `createProcessor` as a deployment
 * sees it: the whole invocation, the store (`db_latency_ms`, the processor's own EMF metric:
 * claim and store in one statement), the PublishBatch calls (first start to last end, timed
 * by an SDK middleware on the SNS client), and the rest (decode and verify every record,
 * `notified_at` after the publish).
 */
export async function phaseBreakdown(
  env: BenchEnvironment,
  target: BreakdownTarget,
): Promise<Breakdown> {
  const clients = env.clients();
  const spans: [number, number][] = [];
  clients.sns.middlewareStack.add(
    (next, context) => async (args) => {
      const started = performance.now();
      try {
        return await next(args);
      } finally {
        if (context.commandName === 'PublishBatchCommand') spans.push([started, performance.now()]);
      }
    },
    { step: 'initialize', name: 'fluxaBenchPublishTiming' },
  );
  const lines: string[] = [];
  const processor = processorOn(target.url, target.aws, env.pool(target.url, 2), clients, (line) =>
    lines.push(line),
  );
  const parts = { total: [] as number[], store: [] as number[], publish: [] as number[] };
  for (const batch of sqsBatches('breakdown', target.batches * 100, 100, target.aws.queueArn)) {
    lines.length = 0;
    spans.length = 0;
    const started = performance.now();
    await processor(batch);
    parts.total.push(performance.now() - started);
    parts.store.push(emfValue(lines, 'db_latency_ms'));
    const publishStarts = spans.map(([start]) => start);
    const publishEnds = spans.map(([, end]) => end);
    parts.publish.push(spans.length ? Math.max(...publishEnds) - Math.min(...publishStarts) : 0);
  }
  const rest = parts.total.map((t, i) => t - (parts.store[i] ?? 0) - (parts.publish[i] ?? 0));
  const of = (values: number[]) => {
    const { median, p95 } = summarize(values, 2);
    return { median, p95 };
  };
  return {
    total: of(parts.total),
    store: of(parts.store),
    publish: of(parts.publish),
    rest: of(rest),
  };
}
