import { recordConflicts, type Sql } from '@fluxa/db';
import type { ProcessorDeps } from '../deps';
import type { DeadRecord } from '../records';

/**
 * Counts the batch's refused resends (EVENT_ID_CONFLICT) on their stored events — what
 * `/status` shows the producer — and per tenant in the `event_id_conflicts` metric. One
 * statement, only when there are any. Best effort: the dead letter is the record of last resort.
 */
export async function conflictsStep(
  deps: Pick<ProcessorDeps, 'metrics' | 'logger'>,
  sql: Sql | undefined,
  dead: DeadRecord[],
): Promise<void> {
  const conflicts = dead.flatMap((d) => (d.conflict ? [d.conflict] : []));
  if (conflicts.length === 0) return;
  for (const [tenant_id, group] of Map.groupBy(conflicts, (c) => c.tenant_id)) {
    deps.metrics.count('event_id_conflicts', group.length, { tenant_id });
  }
  if (!sql) return;
  try {
    await recordConflicts(sql, conflicts);
  } catch (error) {
    deps.logger.warn({ err: error, conflicts: conflicts.length }, 'could not count conflicts');
  }
}
