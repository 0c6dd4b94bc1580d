import type { SqlOrTx } from './client';

/** How a purge of succeeded keys runs. */
export interface PurgeOptions {
  /** Keys `success` and last seen more than this many days ago are deleted. */
  retentionDays: number;
  /** Keys deleted per statement (one short transaction each). */
  batchSize: number;
  /**
   * Starts no batch after this instant (epoch milliseconds; at least one batch runs): a run
   * goes on until nothing is due or its time is up, and the next run goes on from there.
   */
  deadline: number;
}

/** What a purge did. */
export interface PurgeOutcome {
  deleted: number;
  batches: number;
  /** False when it stopped at its deadline with keys past the cutoff still left. */
  complete: boolean;
}

/**
 * Deletes `success` keys last seen before the retention cutoff, oldest first, in batches of
 * one autocommitted statement each, so no transaction holds many rows, until none is due or
 * the deadline passed. It never waits on the
 * processor: keys under a live lease are left alone and rows another transaction has locked
 * are skipped (`for update skip locked`). Safe because a claim judges an event stored by its
 * `events` row, not its key: a purged key's duplicate is still a duplicate (or a conflict).
 */
export async function purgeSucceededKeys(
  sql: SqlOrTx,
  options: PurgeOptions,
): Promise<PurgeOutcome> {
  const outcome: PurgeOutcome = { deleted: 0, batches: 0, complete: false };
  while (outcome.batches === 0 || Date.now() < options.deadline) {
    const [row] = await sql<{ deleted: number }[]>`
      with doomed as (
        select tenant_id, event_id from idempotency_keys
        where status = 'success'
          and last_seen_at < now() - make_interval(days => ${options.retentionDays})
          and (locked_until is null or locked_until < now())
        order by last_seen_at
        limit ${options.batchSize}
        for update skip locked
      ),
      deleted as (
        delete from idempotency_keys k using doomed d
        where k.tenant_id = d.tenant_id and k.event_id = d.event_id
        returning 1
      )
      select count(*)::int as deleted from deleted`;
    outcome.batches += 1;
    outcome.deleted += row?.deleted ?? 0;
    if ((row?.deleted ?? 0) < options.batchSize) {
      outcome.complete = true;
      break;
    }
  }
  return outcome;
}
