import { markNotified } from '@fluxa/db';
import { claimAndStore } from '@fluxa/idempotency';
import { decodeRecord, publishNotifications } from '@fluxa/processor';
import type { BenchEnvironment } from './environment';
import { sqsBatches } from './sqsBatches';
import { summarize } from './summary';

/** Median and p95 ms of each step, by step name. */
export type Breakdown = Record<string, Record<string, number>>;

/** Batch size the breakdown replays. */
const breakdownBatchSize = 100;

/** Where the breakdown replays its batches. */
export interface BreakdownTarget {
  /** The benchmark database (seeded with history). */
  url: string;
  claimLeaseSeconds: number;
  topicArn: string;
  queueArn: string;
  /** Batches of 100 replayed. */
  batches: number;
}

/**
 * Where a batch of 100 spends its time: the processor's steps replayed with the same package
 * functions (decode, the one-statement claim and store, PublishBatch, notified_at), each
 * timed; median and p95 over the batches.
 */
export async function phaseBreakdown(
  env: BenchEnvironment,
  target: BreakdownTarget,
): Promise<Breakdown> {
  const { sns, s3 } = env.clients();
  const pool = env.pool(target.url, 2);
  const phases: Record<string, number[]> = {};
  const time = async <T>(phase: string, work: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const value = await work();
    phases[phase] = [...(phases[phase] ?? []), performance.now() - t0];
    return value;
  };
  const batches = sqsBatches(
    'breakdown',
    target.batches * breakdownBatchSize,
    breakdownBatchSize,
    target.queueArn,
  );
  for (const batch of batches) {
    const decoded = await time('1 decode + verify (100 records)', () =>
      Promise.all(batch.Records.map((r) => decodeRecord(r, async () => s3))),
    );
    const events = decoded.map((d) => d.event);
    await time('2 claim and store (1 statement, commit)', () =>
      claimAndStore(pool, events, target.claimLeaseSeconds),
    );
    const { published } = await time('3 PublishBatch ×10 (concurrent)', () =>
      publishNotifications(sns, target.topicArn, events),
    );
    await time('4 markNotified (commit)', () => markNotified(pool, published));
  }
  return Object.fromEntries(
    Object.entries(phases).map(([phase, values]) => {
      const { median, p95 } = summarize(values, 2);
      return [phase, { median, p95 }];
    }),
  );
}
