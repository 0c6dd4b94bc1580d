import { findUnnotified, insertEvents, keyText, markNotified } from '@fluxa/db';
import { claim, complete } from '@fluxa/idempotency';
import { decodeRecord, publishNotifications } from '@fluxa/processor';
import type { BenchEnvironment } from './environment';
import { seedHistory } from './processorDatabase';
import { sqsBatches } from './sqsBatches';
import { summarize } from './summary';

/** Median and p95 ms of each step, by step name. */
export type Breakdown = Record<string, Record<string, number>>;

/** The what-if databases' idempotency_keys fillfactor (room for HOT updates by `complete`). */
export const whatIfFillfactor = 70;

/** The label of the what-if database in the breakdown. */
export const whatIfLabel = `fillfactor ${whatIfFillfactor}`;

/** Batch size the breakdown replays. */
const breakdownBatchSize = 100;

/**
 * The breakdown's databases, made and seeded with `historyRows` before the
 * measured runs: a control and a what-if whose `idempotency_keys` has room for
 * HOT updates. Returns their URLs by label.
 */
export async function prepareBreakdownDatabases(
  env: BenchEnvironment,
  historyRows: number,
): Promise<Record<string, string>> {
  const control = await env.database('bench_processor_control');
  const fillfactor = await env.database('bench_processor_ff70');
  await fillfactor.sql.unsafe(
    `alter table idempotency_keys set (fillfactor = ${whatIfFillfactor})`,
  );
  await Promise.all([
    seedHistory(control.sql, historyRows),
    seedHistory(fillfactor.sql, historyRows),
  ]);
  return { control: control.url, [whatIfLabel]: fillfactor.url };
}

/** Where the breakdown replays its batches. */
export interface BreakdownTarget {
  /** Database URLs by label (control and what-if). */
  databases: Record<string, string>;
  claimLeaseSeconds: number;
  topicArn: string;
  queueArn: string;
  /** Batches of 100 replayed in each database. */
  batches: number;
}

/**
 * Where a batch of 100 spends its time: the processor's steps replayed with the
 * same package functions (decode, claim, persist transaction, unnotified
 * lookup, PublishBatch, notified_at), each timed; median over the batches per
 * database, alternating between the databases given (control and what-if).
 */
export async function phaseBreakdown(
  env: BenchEnvironment,
  target: BreakdownTarget,
): Promise<Record<string, Breakdown>> {
  const { sns, s3 } = env.clients();
  const pools = Object.entries(target.databases).map(([label, url]) => ({
    label,
    pool: env.pool(url, 2),
  }));
  const phases: Record<string, Record<string, number[]>> = {};
  const batches = sqsBatches(
    'breakdown',
    target.batches * breakdownBatchSize,
    breakdownBatchSize,
    target.queueArn,
  );
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
        Promise.all(batch.Records.map((r) => decodeRecord(r, async () => s3))),
      );
      const events = decoded.map((d) => d.event);
      const keys = events.map(({ tenant_id, event_id }) => ({ tenant_id, event_id }));
      await time('2 claim (1 statement, commit)', () =>
        claim(
          pool,
          events.map((e) => ({
            tenant_id: e.tenant_id,
            event_id: e.event_id,
            sha256: e.payload_sha256,
          })),
          target.claimLeaseSeconds,
        ),
      );
      await time('3 persist tx (insertEvents + complete, commit)', () =>
        pool.begin(async (tx) => {
          await insertEvents(tx, events);
          await complete(tx, keys);
        }),
      );
      const unnotified = await time('4 findUnnotified', () => findUnnotified(pool, keys));
      const waiting = new Set(unnotified.map(keyText));
      const toPublish = events.filter((e) => waiting.has(keyText(e)));
      const { published } = await time('5 PublishBatch ×10 (concurrent)', () =>
        publishNotifications(sns, target.topicArn, toPublish),
      );
      await time('6 markNotified (commit)', () => markNotified(pool, published));
    }
  }
  return Object.fromEntries(
    Object.entries(phases).map(([label, byPhase]) => [
      label,
      Object.fromEntries(
        Object.entries(byPhase).map(([phase, values]) => {
          const { median, p95 } = summarize(values, 2);
          return [phase, { median, p95 }];
        }),
      ),
    ]),
  );
}
