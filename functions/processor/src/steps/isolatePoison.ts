import {
  type ClaimOutcome,
  claim,
  complete,
  type DatabaseError,
  fail,
  insertEvents,
  isDataError,
  keyText,
  release,
  type Sql,
  type StoreOutcome,
  storedHashes,
  type Transaction,
} from '@fluxa/db';
import type { StoredRecord } from '@fluxa/models';
import { retryAll } from '../outcome';
import { type DeadRecord, type DecodedRecord, failureMarks } from '../records';
import { keyOf, type PersistOutcome, persistOutcomeOf, sortByStoreOutcome } from './persisted';

function poisonRecord(item: DecodedRecord, error: DatabaseError): DeadRecord {
  return {
    record: item.record,
    code: 'UNSTORABLE_PAYLOAD',
    reason: `the database refused the row (SQLSTATE ${error.code}): ${error.message}`,
    key: keyOf(item),
    sha256: item.event.payload_sha256,
  };
}

/**
 * Inserts `items` under a savepoint; when the database refuses the data, splits the set in
 * two and tries each half, down to the single rows it refuses. k poison rows among n cost
 * O(k log n) statements, and only when there is poison. Returns the rows inserted.
 */
async function insertBisecting(
  tx: Transaction,
  items: DecodedRecord[],
  poison: DeadRecord[],
): Promise<StoredRecord[]> {
  try {
    return await tx.savepoint((sp) =>
      insertEvents(
        sp,
        items.map((i) => i.event),
      ),
    );
  } catch (error) {
    if (!isDataError(error)) throw error;
    const [only] = items;
    if (items.length === 1 && only) {
      poison.push(poisonRecord(only, error));
      return [];
    }
    const half = Math.ceil(items.length / 2);
    return [
      ...(await insertBisecting(tx, items.slice(0, half), poison)),
      ...(await insertBisecting(tx, items.slice(half), poison)),
    ];
  }
}

/**
 * One transaction over the claimed records: inserts them, narrowing a refusal down to the rows
 * refused; marks inserted keys `success`; and decides by the rows actually inserted, never by
 * the lease: a claimed row not inserted was stored by someone else meanwhile (its lease had
 * expired), a duplicate or EVENT_ID_CONFLICT by its stored hash. Our leases on keys not stored
 * are released; refused rows and the records given up before claiming are marked `failed`.
 */
function writeClaimed(sql: Sql, claimed: DecodedRecord[], deadBeforeClaim: DeadRecord[]) {
  return sql.begin(async (tx) => {
    const poison: DeadRecord[] = [];
    const inserted = new Map(
      (await insertBisecting(tx, claimed, poison)).map((row) => [keyText(row), row]),
    );
    const poisoned = new Set(poison.map((p) => p.record.messageId));
    const missed = claimed.filter(
      (c) => !inserted.has(keyText(c.event)) && !poisoned.has(c.record.messageId),
    );
    const hashes = await storedHashes(tx, missed.map(keyOf));
    const outcomes = new Map<string, StoreOutcome>();
    for (const item of claimed) {
      const key = keyText(item.event);
      const record = inserted.get(key);
      const stored = hashes.get(key);
      if (record) outcomes.set(key, { kind: 'stored', record });
      else if (stored === item.event.payload_sha256) outcomes.set(key, { kind: 'duplicate' });
      else if (stored !== undefined) outcomes.set(key, { kind: 'conflict', storedSha256: stored });
    }
    await complete(tx, [...inserted.values()]);
    const refused = claimed.filter((c) => poisoned.has(c.record.messageId));
    await release(tx, [...refused, ...missed].map(keyOf));
    await fail(tx, [...failureMarks(deadBeforeClaim), ...failureMarks(poison)]);
    return { outcomes, poison, refused };
  });
}

/**
 * The poison-isolation path, taken only when the database refused a row's data in the fast
 * path (which then wrote nothing): claims the keys (one statement, committed with the lease),
 * then writes the claimed records in one transaction that isolates the refused rows — they go
 * to the DLQ as UNSTORABLE_PAYLOAD with their keys `failed` — and stores the rest. A failure
 * other than a data error retries the claimed records and releases their leases early.
 */
export async function isolatePoison(
  sql: Sql,
  primaries: DecodedRecord[],
  deadBeforeClaim: DeadRecord[],
  leaseSeconds: number,
): Promise<PersistOutcome> {
  let claims: Map<string, ClaimOutcome>;
  try {
    const requests = primaries.map(({ event }) => ({
      tenant_id: event.tenant_id,
      event_id: event.event_id,
      sha256: event.payload_sha256,
      user_id: event.user_id,
      received_at: event.received_at,
    }));
    claims = await claim(sql, requests, leaseSeconds);
  } catch (error) {
    return persistOutcomeOf({ sql, retry: retryAll(primaries, 'DB_WRITE', error) });
  }
  const claimed = primaries.filter((p) => claims.get(keyText(p.event))?.kind === 'claimed');
  const others = primaries.filter((p) => claims.get(keyText(p.event))?.kind !== 'claimed');
  const outcome = sortByStoreOutcome(others, claims, persistOutcomeOf({ sql }));
  try {
    const written = await writeClaimed(sql, claimed, deadBeforeClaim);
    outcome.dead.push(...written.poison);
    const notRefused = claimed.filter((c) => !written.refused.includes(c));
    return sortByStoreOutcome(notRefused, written.outcomes, outcome);
  } catch (error) {
    outcome.retry.push(...retryAll(claimed, 'DB_WRITE', error));
    // Best effort: if the database is gone, the leases expire on their own; until then the
    // keys are ours, and a last receive releases them before marking them failed.
    await release(sql, claimed.map(keyOf)).catch(() => outcome.held.push(...claimed.map(keyOf)));
    return outcome;
  }
}
