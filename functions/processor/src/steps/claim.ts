import { keyText, type Sql } from '@fluxa/db';
import { type ClaimOutcome, claim } from '@fluxa/idempotency';
import { EventIdConflictError } from '../errors';
import type { DeadRecord, DecodedRecord, RetryRecord } from '../records';

/** What claiming a batch's event ids decided, record by record. */
export interface ClaimStepOutcome {
  /** Ours to persist. */
  claimed: DecodedRecord[];
  /** Already stored with this payload; `notified` false means its notification is still owed. */
  duplicates: { item: DecodedRecord; notified: boolean }[];
  /** Stored with another payload: the first one wins (dead-lettered, key untouched). */
  conflicts: DeadRecord[];
  /** Another processor holds the key; or the database failed (every record retried). */
  retry: RetryRecord[];
}

/** Claims every primary's event id in one statement and sorts the records by outcome. */
export async function claimStep(
  sql: Sql,
  primaries: DecodedRecord[],
  leaseSeconds: number,
): Promise<ClaimStepOutcome> {
  let claims: Awaited<ReturnType<typeof claim>>;
  try {
    const requests = primaries.map(({ event }) => ({
      tenant_id: event.tenant_id,
      event_id: event.event_id,
      sha256: event.payload_sha256,
    }));
    claims = await claim(sql, requests, leaseSeconds);
  } catch (error) {
    const retry = primaries.map(
      (d): RetryRecord => ({ record: d.record, code: 'DB_UNAVAILABLE', error }),
    );
    return { claimed: [], duplicates: [], conflicts: [], retry };
  }
  return sortByClaim(primaries, claims);
}

/** Sorts the records by what claiming their keys found (keys missing from `claims` are busy). */
export function sortByClaim(
  primaries: DecodedRecord[],
  claims: Map<string, ClaimOutcome>,
): ClaimStepOutcome {
  const outcome: ClaimStepOutcome = { claimed: [], duplicates: [], conflicts: [], retry: [] };
  for (const item of primaries) {
    const found = claims.get(keyText(item.event));
    if (found?.kind === 'claimed') outcome.claimed.push(item);
    else if (found?.kind === 'duplicate')
      outcome.duplicates.push({ item, notified: found.notified });
    else if (found?.kind === 'conflict') {
      const { code, message } = new EventIdConflictError(item.event.event_id);
      outcome.conflicts.push({ record: item.record, code, reason: message });
    } else outcome.retry.push({ record: item.record, code: 'CLAIM_BUSY' });
  }
  return outcome;
}
