import {
  type DatabaseError,
  insertEvents,
  isDataError,
  type Sql,
  type SqlOrTx,
  type Transaction,
} from '@fluxa/db';
import { complete, type FailureRecord, fail, release } from '@fluxa/idempotency';
import { sqsSafeText } from '@fluxa/models';
import type { DeadRecord, DecodedRecord, RetryRecord } from '../records';

/** What writing a batch decided. */
export interface WriteStepOutcome {
  /** Inserted and marked `success`, committed. */
  stored: DecodedRecord[];
  /** Rows the database refused (a data error narrowed to them): dead, keys marked `failed`. */
  poison: DeadRecord[];
  /** The write failed as a whole: these records are retried. */
  retry: RetryRecord[];
}

/** The idempotency marks of records given up: only those whose envelope named a valid key. */
export function failureMarks(dead: DeadRecord[]): FailureRecord[] {
  return dead.flatMap((d) =>
    d.key === undefined
      ? []
      : [{ ...d.key, sha256: d.sha256 ?? null, reason: sqsSafeText(`${d.code}: ${d.reason}`) }],
  );
}

function poisonRecord(item: DecodedRecord, error: DatabaseError): DeadRecord {
  return {
    record: item.record,
    code: 'UNSTORABLE_PAYLOAD',
    reason: `the database refused the row (SQLSTATE ${error.code}): ${error.message}`,
    key: { tenant_id: item.event.tenant_id, event_id: item.event.event_id },
    sha256: item.event.payload_sha256,
  };
}

/**
 * Inserts `items` under a savepoint; when the database refuses the data, splits the set in
 * two and tries each half, down to the single rows it refuses. k poison rows among n cost
 * O(k log n) statements, and only when there is poison.
 */
async function insertIsolating(
  tx: Transaction,
  items: DecodedRecord[],
  poison: DeadRecord[],
): Promise<DecodedRecord[]> {
  try {
    await tx.savepoint((sp) =>
      insertEvents(
        sp,
        items.map((i) => i.event),
      ),
    );
    return items;
  } catch (error) {
    if (!isDataError(error)) throw error;
    const [only] = items;
    if (items.length === 1 && only) {
      poison.push(poisonRecord(only, error));
      return [];
    }
    const half = Math.ceil(items.length / 2);
    return [
      ...(await insertIsolating(tx, items.slice(0, half), poison)),
      ...(await insertIsolating(tx, items.slice(half), poison)),
    ];
  }
}

/** Inserts the events, marks their keys `success` and the given failures `failed`: three statements. */
async function writeAll(
  tx: SqlOrTx,
  items: DecodedRecord[],
  marks: FailureRecord[],
): Promise<void> {
  await insertEvents(
    tx,
    items.map((i) => i.event),
  );
  await complete(
    tx,
    items.map((i) => i.event),
  );
  await fail(tx, marks);
}

/** Isolates the rows the database refuses, stores the rest, marks the refused ones `failed`. */
function writeIsolating(sql: Sql, claimed: DecodedRecord[], marks: FailureRecord[]) {
  return sql.begin(async (tx) => {
    const poison: DeadRecord[] = [];
    const stored = await insertIsolating(tx, claimed, poison);
    const poisonKeys = poison.flatMap((p) => (p.key === undefined ? [] : [p.key]));
    await complete(
      tx,
      stored.map((i) => i.event),
    );
    await release(tx, poisonKeys); // our own leases, so that `fail` may mark them
    await fail(tx, [...marks, ...failureMarks(poison)]);
    return { stored, poison };
  });
}

/**
 * One transaction with a constant number of statements: insert the claimed events, mark
 * them `success`, mark `failed` the records given up before claiming. When the database
 * refuses some rows' data (SQLSTATE class 22, 23 or 54), a second transaction narrows the
 * refusal to those rows and stores the others in this same invocation. Any other failure
 * retries the claimed records and releases their claims early.
 */
export async function writeStep(
  sql: Sql,
  claimed: DecodedRecord[],
  deadBeforeClaim: DeadRecord[],
): Promise<WriteStepOutcome> {
  const marks = failureMarks(deadBeforeClaim);
  if (claimed.length === 0 && marks.length === 0) return { stored: [], poison: [], retry: [] };
  try {
    try {
      await sql.begin((tx) => writeAll(tx, claimed, marks));
      return { stored: claimed, poison: [], retry: [] };
    } catch (error) {
      if (!isDataError(error)) throw error;
      return { ...(await writeIsolating(sql, claimed, marks)), retry: [] };
    }
  } catch (error) {
    const retry = claimed.map((i): RetryRecord => ({ record: i.record, code: 'DB_WRITE', error }));
    // Best effort: if the database is gone, the leases expire on their own.
    await release(
      sql,
      claimed.map((i) => i.event),
    ).catch(() => undefined);
    return { stored: [], poison: [], retry };
  }
}
