import { findUnnotified, insertEvents, markNotified } from '@fluxa/db';
import { claim, complete } from '@fluxa/idempotency';
import { decodeRecord, publishNotifications } from '@fluxa/processor';
import type { SQSEvent } from 'aws-lambda';
import type { BenchEnvironment } from './environment';
import { sqsBatches } from './fixtures';
import { summarize } from './stats';

/** Median and p95 ms of each step, by step name. */
export type Breakdown = Record<string, Record<string, number>>;

/**
 * Where a batch of 100 spends its time: the processor's steps replayed with the
 * same package functions (decode, claim, persist transaction, unnotified
 * lookup, PublishBatch, notified_at), each timed; median over 10 batches per
 * database, alternating between the databases given (control and what-if).
 */
export async function phaseBreakdown(
  databases: Record<string, string>,
  claimLeaseSeconds: number,
  env: BenchEnvironment,
  topicArn: string,
  queueArn: string,
): Promise<Record<string, Breakdown>> {
  const { sns, s3 } = env.clients();
  const pools = Object.entries(databases).map(([label, url]) => ({
    label,
    pool: env.pool(url, 2),
  }));
  const phases: Record<string, Record<string, number[]>> = {};
  const batches: SQSEvent[] = sqsBatches('breakdown', 1_000, 100, queueArn);
  for (const batch of batches) {
    for (const { label, pool } of pools) {
      const own = phases[label] ?? {};
      phases[label] = own;
      const time = async <T>(phase: string, work: () => Promise<T>): Promise<T> => {
        const t0 = performance.now();
        const value = await work();
        own[phase] = [...(own[phase] ?? []), performance.now() - t0];
        return value;
      };
      // The same events in each database: claimed and stored once in each.
      const decoded = await time('1 decode + verify (100 records)', () =>
        Promise.all(batch.Records.map((r) => decodeRecord(r, s3))),
      );
      const events = decoded.map((d) => d.event);
      const ids = events.map((e) => e.event_id);
      await time('2 claim (1 statement, commit)', () =>
        claim(
          pool,
          events.map((e) => ({ eventId: e.event_id, sha256: e.payload_sha256 })),
          claimLeaseSeconds,
        ),
      );
      await time('3 persist tx (insertEvents + complete, commit)', () =>
        pool.begin(async (tx) => {
          await insertEvents(tx, events);
          await complete(tx, ids);
        }),
      );
      const unnotified = await time('4 findUnnotified', () => findUnnotified(pool, ids));
      const toPublish = events.filter((e) => unnotified.includes(e.event_id));
      const { published } = await time('5 PublishBatch ×10 (concurrent)', () =>
        publishNotifications(sns, topicArn, toPublish),
      );
      await time('6 markNotified (commit)', () => markNotified(pool, published));
    }
  }
  return Object.fromEntries(
    Object.entries(phases).map(([label, byPhase]) => [
      label,
      Object.fromEntries(
        Object.entries(byPhase).map(([phase, values]) => {
          const s = summarize(values);
          return [phase, { median: Number(s.median.toFixed(2)), p95: Number(s.p95.toFixed(2)) }];
        }),
      ),
    ]),
  );
}
