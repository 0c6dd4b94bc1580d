import { findUnnotified, insertEvents, markNotified, type Sql } from '@fluxa/db';
import { claim, complete, fail, release } from '@fluxa/idempotency';
import { sendToDeadLetterQueue } from '@fluxa/queue';
import type { BatchState } from './batchState';
import type { DecodedRecord } from './decodeRecord';
import { originalMessage } from './decodeRecord';
import { EventIdConflictError } from './errors';
import { publishNotifications } from './notify';

/** The DLQ takes messages (and whole batches) up to its maximum message size. */
const dlqMaxBatchBytes = 262_144;

/**
 * Claims every primary's event id in one statement and sorts the outcomes:
 * claimed (returned), duplicate (already stored), conflict (dead), busy (retried).
 */
export async function claimPrimaries(batch: BatchState, sql: Sql): Promise<DecodedRecord[]> {
  const primaries = [...batch.primaries.values()];
  const claimed: DecodedRecord[] = [];
  try {
    const outcomes = await claim(
      sql,
      primaries.map((d) => ({ eventId: d.event.event_id, sha256: d.event.payload_sha256 })),
      batch.deps.config.claimLeaseSeconds,
    );
    for (const item of primaries) {
      const outcome = outcomes.get(item.event.event_id);
      if (outcome?.kind === 'claimed') claimed.push(item);
      else if (outcome?.kind === 'duplicate') {
        batch.stored.add(item.event.event_id);
        batch.deps.metrics.count('processed_duplicate');
      } else if (outcome?.kind === 'conflict') {
        const error = new EventIdConflictError(item.event.event_id);
        batch.dead.push({ record: batch.recordOf(item), error, eventId: item.event.event_id });
      } else batch.retry([item.messageId], 'CLAIM_BUSY');
    }
  } catch (error) {
    batch.retry(
      primaries.map((d) => d.messageId),
      'DB_UNAVAILABLE',
      error,
    );
  }
  return claimed;
}

/**
 * One transaction: insert the claimed events, mark them `success`, and mark
 * permanent failures `failed` with their reason (a conflict leaves the stored
 * event's key alone). If it fails, nothing was written: claimed records and
 * permanent failures are retried, and the claims released early if possible.
 */
export async function persistClaimed(
  batch: BatchState,
  sql: Sql,
  claimed: DecodedRecord[],
): Promise<void> {
  const failures = batch.dead
    .filter((d) => d.eventId !== undefined && !(d.error instanceof EventIdConflictError))
    .map((d) => ({
      eventId: d.eventId as string,
      sha256: d.sha256 ?? null,
      reason: `${d.error.code}: ${d.error.message}`,
    }));
  if (claimed.length === 0 && failures.length === 0) return;
  const claimedIds = claimed.map((c) => c.event.event_id);
  try {
    const inserted = await sql.begin(async (tx) => {
      const ids = await insertEvents(
        tx,
        claimed.map((c) => c.event),
      );
      await complete(tx, claimedIds);
      await fail(tx, failures);
      return ids;
    });
    batch.deps.metrics.count('processed_success', inserted.length);
    for (const id of claimedIds) batch.stored.add(id);
  } catch (error) {
    batch.retry(
      [...claimed.map((c) => c.messageId), ...batch.dead.map((d) => d.record.messageId)],
      'DB_WRITE',
      error,
    );
    batch.dead = []; // retried instead: their `failed` mark must land with them
    await release(sql, claimedIds).catch((releaseError: unknown) =>
      batch.deps.logger.warn(
        { err: releaseError },
        'could not release claims; their leases will expire',
      ),
    );
  }
}

/** Sends permanent failures to the DLQ with their reason; a failed send is retried, never dropped. */
export async function sendDeadLetters(batch: BatchState): Promise<void> {
  if (batch.dead.length === 0) return;
  const { deps } = batch;
  const outcomes = await sendToDeadLetterQueue(
    deps.sqs,
    deps.config.dlqUrl,
    batch.dead.map((d) => ({
      original: originalMessage(d.record),
      errorCode: d.error.code,
      errorMessage: d.error.message,
      sourceMessageId: d.record.messageId,
      failedAt: new Date(),
    })),
    dlqMaxBatchBytes,
  );
  batch.dead.forEach((d, i) => {
    const outcome = outcomes[i];
    if (outcome?.ok) {
      deps.metrics.count('dlq_sent');
      deps.metrics.count('processed_failure', 1, d.error.code);
      deps.logger.warn(
        { event_id: d.eventId, error_code: d.error.code, reason: d.error.message },
        'sent to DLQ',
      );
    } else
      batch.retry(
        [d.record.messageId],
        'DLQ_SEND',
        outcome?.ok === false ? outcome.reason : undefined,
      );
  });
}

/**
 * After commit: publishes every stored event of the batch not yet notified
 * (new ones, and earlier ones whose publish failed) and records `notified_at`.
 * A failed publish releases the lease and retries the record, so its
 * redelivery publishes it (at least once, SPEC §5.5).
 */
export async function notifyStored(batch: BatchState, sql: Sql): Promise<void> {
  const storedIds = [...batch.stored];
  if (storedIds.length === 0) return;
  const { deps } = batch;
  const messageIdOf = (eventId: string) => batch.primaries.get(eventId)?.messageId ?? '';
  try {
    const unnotified = new Set(await findUnnotified(sql, storedIds));
    const toPublish = storedIds
      .filter((id) => unnotified.has(id))
      .map((id) => batch.primaries.get(id));
    const events = toPublish.flatMap((d) => (d ? [d.event] : []));
    const { published, failed } = await publishNotifications(
      deps.sns,
      deps.config.topicArn,
      events,
    );
    deps.metrics.count('notify_published', published.length);
    await markNotified(sql, published);
    if (failed.length > 0) {
      const failedIds = failed.map((f) => f.eventId);
      batch.retry(failedIds.map(messageIdOf), 'SNS_PUBLISH', failed);
      await release(sql, failedIds);
    }
  } catch (error) {
    batch.retry(storedIds.map(messageIdOf), 'NOTIFY', error);
  }
}
