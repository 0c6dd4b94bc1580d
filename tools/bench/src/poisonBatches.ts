import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { Deadline } from './deadline';
import type { RunContext } from './processorRuns';
import { refusedMerchant, sqsBatches } from './sqsBatches';
import { median } from './summary';

/** Rows refused per batch of 100 the poison measurement tries. */
export const poisonCounts = [0, 1, 5] as const;

/** Per count of refused rows: median ms of a batch of 100, and statements it sent. */
export type PoisonCost = Record<number, { ms: number[]; statementsPerBatch: number }>;

/**
 * What poison costs: batches of 100 through `createProcessor`, clean and with 1 and 5 rows the
 * database refuses — a trigger raising SQLSTATE 22P02 for {@link refusedMerchant}, standing in
 * for any value PostgreSQL cannot hold. A refusal rolls back the one-statement store; the
 * records are then claimed and the write bisected under savepoints. The trigger is created
 * after the throughput runs, so they never pay for it.
 */
export async function measurePoison(
  processor: (batch: SQSEvent) => Promise<SQSBatchResponse>,
  context: RunContext,
  batches: number,
  deadline: Deadline,
): Promise<PoisonCost> {
  await context.sql.unsafe(`
    create or replace function bench_refuse() returns trigger language plpgsql as $$
    begin
      if new.merchant = '${refusedMerchant}' then
        raise exception 'refused by the benchmark' using errcode = '22P02';
      end if;
      return new;
    end $$;
    create or replace trigger bench_refuse before insert on events
      for each row execute function bench_refuse();`);
  const cost: PoisonCost = {};
  try {
    for (const refused of poisonCounts) {
      // Refused rows spread over the batch (indexes 7, 27, 47, …).
      const work = sqsBatches(`poison${refused}`, batches * 100, 100, context.queueArn, (i) =>
        i % 100 < refused * 20 ? (i % 100) % 20 === 7 : false,
      );
      const ms: number[] = [];
      const before = context.roundTrips();
      for (const batch of work) {
        if (deadline.passed()) break;
        const t0 = performance.now();
        const { batchItemFailures } = await processor(batch);
        ms.push(performance.now() - t0);
        if (batchItemFailures.length > 0) throw new Error('a poison batch reported retries');
      }
      cost[refused] = {
        ms,
        statementsPerBatch: Math.round((context.roundTrips() - before) / Math.max(1, ms.length)),
      };
    }
  } finally {
    await context.sql.unsafe('drop trigger bench_refuse on events; drop function bench_refuse();');
  }
  return cost;
}

/** The median ms of each count, for the result's details. */
export const poisonMedians = (cost: PoisonCost) =>
  Object.fromEntries(Object.entries(cost).map(([k, v]) => [k, Number(median(v.ms).toFixed(2))]));
