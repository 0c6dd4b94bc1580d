import { keyText } from '@fluxa/db';
import { EventIdConflictError } from '../errors';
import { outcomeOf, type StepOutcome } from '../outcome';
import { conflictOf, type DecodedRecord } from '../records';

/** One record per event (the primary), and the later copies of the same event in the batch. */
export function separateCopies(decoded: DecodedRecord[]): {
  primaries: DecodedRecord[];
  copies: DecodedRecord[];
} {
  const primaries = new Map<string, DecodedRecord>();
  const copies: DecodedRecord[] = [];
  for (const item of decoded) {
    if (primaries.has(keyText(item.event))) copies.push(item);
    else primaries.set(keyText(item.event), item);
  }
  return { primaries: [...primaries.values()], copies };
}

/**
 * Settles the later copies of an event against what is stored under its key after the batch
 * persisted its first copy (`storedSha`, by `keyText`): an erased id is done, the same payload
 * is a duplicate (done),
 * another payload is EVENT_ID_CONFLICT (dead), and a copy of an event not stored (its primary
 * was retried) is retried and settles against the stored row on its redelivery.
 */
export function settleCopies(
  copies: DecodedRecord[],
  known: { storedSha: ReadonlyMap<string, string>; erased: ReadonlySet<string> },
): StepOutcome<DecodedRecord> {
  const outcome = outcomeOf<DecodedRecord>();
  for (const copy of copies) {
    const stored = known.storedSha.get(keyText(copy.event));
    if (known.erased.has(keyText(copy.event))) outcome.done.push(copy);
    else if (stored === copy.event.payload_sha256) outcome.done.push(copy);
    else if (stored !== undefined) {
      const { code, message } = new EventIdConflictError(copy.event.event_id);
      outcome.dead.push({ record: copy.record, code, reason: message, conflict: conflictOf(copy) });
    } else outcome.retry.push({ record: copy.record, code: 'IN_BATCH_DUPLICATE' });
  }
  return outcome;
}
