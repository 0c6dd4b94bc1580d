import type { S3Client } from '@aws-sdk/client-s3';
import { eraseEvents, finishErasure, nextErasable, type Sql, takeRunningErasure } from '@fluxa/db';
import { deletePayloads } from '@fluxa/storage';

/** Events an erasure deletes per transaction (their objects first). */
const erasurePageSize = 1_000;

/** What running erasures did. */
export interface ErasuresReport {
  eventsDeleted: number;
  objectsDeleted: number;
  finished: number;
}

/**
 * Runs the pending erasures, a page at a time, each page one transaction: takes the oldest
 * running erasure no other run holds, locks the next page of its user's events, deletes their
 * payload objects, then — in the same transaction — their rows and keys, leaving a tombstone
 * per id; an erasure with nothing left is done and forgets its user id. Resumable: a crash rolls
 * the page back (an object already deleted stays deleted; its row goes on the next run).
 */
export async function runErasures(
  sql: Sql,
  s3: () => Promise<S3Client>,
  bucket: string | undefined,
  deadline: number,
): Promise<ErasuresReport> {
  const report: ErasuresReport = { eventsDeleted: 0, objectsDeleted: 0, finished: 0 };
  while (Date.now() < deadline) {
    const worked = await sql.begin(async (tx) => {
      const erasure = await takeRunningErasure(tx);
      if (!erasure) return false;
      const page = erasure.user_id === null ? [] : await nextErasable(tx, erasure, erasurePageSize);
      if (page.length === 0) {
        await finishErasure(tx, erasure);
        report.finished += 1;
        return true;
      }
      const objects = page.flatMap((e) => (e.s3_key === null ? [] : [e.s3_key]));
      if (objects.length > 0 && !bucket) {
        throw new Error('an erasure must delete payload objects but PAYLOAD_BUCKET is not set');
      }
      const objectsDeleted =
        objects.length > 0 ? await deletePayloads(await s3(), bucket ?? '', objects) : 0;
      await eraseEvents(tx, erasure, { eventIds: page.map((e) => e.event_id), objectsDeleted });
      report.eventsDeleted += page.length;
      report.objectsDeleted += objectsDeleted;
      return true;
    });
    if (!worked) break;
  }
  return report;
}
