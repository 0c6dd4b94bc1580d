import { type ClaimOutcome, type EventKey, keyText, type Sql, type StoreOutcome } from '@fluxa/db';
import type { StoredRecord } from '@fluxa/models';
import { EventIdConflictError } from '../errors';
import { outcomeOf, type StepOutcome } from '../outcome';
import { conflictOf, type DecodedRecord } from '../records';

/** A primary the batch finished: stored by it (`record`, to notify from) or stored before. */
export interface Persisted {
  item: DecodedRecord;
  /** The row this batch inserted; absent for a duplicate of an event stored before. */
  record?: StoredRecord;
}

/** What persisting the primaries decided, and what later steps need to know of it. */
export interface PersistOutcome extends StepOutcome<Persisted> {
  /** The connection, when the database was reached. */
  sql?: Sql;
  /** The payload hash stored under each key the batch learnt about, by `keyText`. */
  storedSha: Map<string, string>;
  /** Keys never to be stored (an erased id, an erased or suppressed user's event), by `keyText`. */
  erased: Set<string>;
  /** Keys this invocation still leases (a failed write whose release failed too). */
  held: EventKey[];
  /** Time spent in the database. */
  elapsedMs: number;
}

/** An outcome of persisting with only the parts given. */
export function persistOutcomeOf(parts: Partial<PersistOutcome> = {}): PersistOutcome {
  return {
    ...outcomeOf<Persisted>(),
    storedSha: new Map(),
    erased: new Set(),
    held: [],
    elapsedMs: 0,
    ...parts,
  };
}

/**
 * Sorts the primaries by what storing them decided: stored now or before with this payload →
 * done; erased (never to be stored: a tombstone keeps its id) → done, publishing nothing; stored
 * with another payload → EVENT_ID_CONFLICT (dead; the stored event and its key stay as they
 * are); busy (or claimed and not yet written) → retried. Learns the stored hash of every key it
 * can.
 */
export function sortByStoreOutcome(
  primaries: DecodedRecord[],
  outcomes: ReadonlyMap<string, StoreOutcome | ClaimOutcome>,
  into: PersistOutcome,
): PersistOutcome {
  for (const item of primaries) {
    const key = keyText(item.event);
    const found = outcomes.get(key) ?? { kind: 'busy' };
    if (found.kind === 'stored' || found.kind === 'duplicate') {
      into.done.push(found.kind === 'stored' ? { item, record: found.record } : { item });
      into.storedSha.set(key, item.event.payload_sha256);
    } else if (found.kind === 'erased') {
      into.done.push({ item });
      into.erased.add(key);
    } else if (found.kind === 'conflict') {
      const { code, message } = new EventIdConflictError(item.event.event_id);
      into.dead.push({ record: item.record, code, reason: message, conflict: conflictOf(item) });
      into.storedSha.set(key, found.storedSha256);
    } else into.retry.push({ record: item.record, code: 'CLAIM_BUSY' });
  }
  return into;
}

/** The key of an event. */
export const keyOf = ({ event }: DecodedRecord): EventKey => ({
  tenant_id: event.tenant_id,
  event_id: event.event_id,
});
