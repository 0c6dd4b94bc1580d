import { type EventKey, fail, keyText, release, type Sql, storedHashes } from '@fluxa/db';
import type { Logger } from '@fluxa/logging';
import { EventIdConflictError } from '../errors';
import { outcomeOf, type StepOutcome } from '../outcome';
import {
  claimedIdentity,
  type DeadRecord,
  describeError,
  failureMarks,
  type RetryRecord,
  receiveCount,
} from '../records';

/** A record on its last allowed receive, with what it claims to be. */
interface LastTry extends DeadRecord {
  retried: RetryRecord;
}

/**
 * What becomes of the records to retry: those on their last allowed receive are never left to
 * SQS's redrive (which would move them with no reason). Each is judged against what is stored
 * under its key first: stored with its payload, it is done (say, a commit whose answer was
 * lost); stored with another, it is EVENT_ID_CONFLICT; otherwise it is dead with its retry code
 * and last error, and its key is marked `failed` — only leases this invocation holds are
 * released for that, and a live lease of another processor is left alone. When the database
 * cannot be asked, the dead letter still carries the reason.
 */
export async function lastReceiveStep(
  sql: Sql | undefined,
  retry: RetryRecord[],
  held: EventKey[],
  maxReceiveCount: number,
  logger: Logger,
): Promise<StepOutcome<RetryRecord>> {
  const outcome = outcomeOf<RetryRecord>();
  const last: LastTry[] = [];
  for (const r of retry) {
    const count = receiveCount(r.record);
    if (count < maxReceiveCount) outcome.retry.push(r);
    else {
      const reason = `gave up after ${count} receives: ${describeError(r.error)}`;
      last.push({
        record: r.record,
        code: r.code,
        reason,
        retried: r,
        ...claimedIdentity(r.record),
      });
    }
  }
  if (last.length === 0) return outcome;
  const stored = await readStored(sql, last, logger);
  for (const l of last) {
    const sha = l.key && l.sha256 ? stored.get(keyText(l.key)) : undefined;
    if (sha !== undefined && sha === l.sha256) outcome.done.push(l.retried);
    else if (sha !== undefined && l.key) {
      const { code, message } = new EventIdConflictError(l.key.event_id);
      outcome.dead.push({ record: l.record, code, reason: message });
    } else outcome.dead.push(l);
  }
  await markFailed(sql, outcome.dead, held, logger);
  return outcome;
}

async function readStored(
  sql: Sql | undefined,
  last: LastTry[],
  logger: Logger,
): Promise<Map<string, string>> {
  const keys = last.flatMap((l) => (l.key ? [l.key] : []));
  if (!sql || keys.length === 0) return new Map();
  try {
    return await storedHashes(sql, keys);
  } catch (error) {
    logger.warn({ err: error, records: keys.length }, 'could not read what is stored');
    return new Map();
  }
}

/** Marks the dead records' keys `failed`, releasing first the leases this invocation holds. */
async function markFailed(
  sql: Sql | undefined,
  dead: DeadRecord[],
  held: EventKey[],
  logger: Logger,
): Promise<void> {
  const marks = failureMarks(dead);
  if (!sql || marks.length === 0) return;
  const marked = new Set(marks.map(keyText));
  const ours = held.filter((k) => marked.has(keyText(k)));
  try {
    await sql.begin(async (tx) => {
      await release(tx, ours);
      await fail(tx, marks);
    });
  } catch (error) {
    logger.warn({ err: error, records: marks.length }, 'could not mark exhausted records failed');
  }
}
