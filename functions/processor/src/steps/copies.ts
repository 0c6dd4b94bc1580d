import { keyText } from '@fluxa/db';
import type { DecodedRecord, RetryRecord } from '../records';

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
 * A copy is done when its primary's event is stored (now or before) with the same payload;
 * otherwise it is retried and settles against the stored row on its redelivery.
 */
export function settleCopies(
  copies: DecodedRecord[],
  storedByKey: Map<string, string>,
): { duplicates: DecodedRecord[]; retry: RetryRecord[] } {
  const duplicates: DecodedRecord[] = [];
  const retry: RetryRecord[] = [];
  for (const copy of copies) {
    if (storedByKey.get(keyText(copy.event)) === copy.event.payload_sha256) {
      duplicates.push(copy);
    } else retry.push({ record: copy.record, code: 'IN_BATCH_DUPLICATE' });
  }
  return { duplicates, retry };
}
