import type { SqlOrTx } from '@fluxa/db';

/**
 * Marks claimed keys `success`; call in the transaction that inserts their
 * events. The lease stays until it expires or is released: a duplicate arriving
 * while the notification is still being published backs off instead of
 * publishing it a second time.
 */
export async function complete(sql: SqlOrTx, eventIds: string[]): Promise<void> {
  if (eventIds.length === 0) return;
  await sql`
    update idempotency_keys
    set status = 'success', last_seen_at = now(), error_reason = null
    where event_id = any(${eventIds}::text[])`;
}

/** A failure to record against its event id. */
export interface FailureRecord {
  eventId: string;
  sha256: string | null;
  /** Storable text (no U+0000, no unpaired surrogate): pass free text through sqsSafeText. */
  reason: string;
}

/**
 * Records failures as `failed` with their reason, in one statement. A key already
 * `success` is left untouched (the stored event wins), and so is one under a live
 * lease (its holder will record the outcome): to fail a key you claimed yourself,
 * {@link release} it first, in the same transaction.
 */
export async function fail(sql: SqlOrTx, failures: FailureRecord[]): Promise<void> {
  if (failures.length === 0) return;
  const unique = [...new Map(failures.map((f) => [f.eventId, f])).values()];
  await sql`
    insert into idempotency_keys as k (event_id, status, payload_sha256, error_reason, locked_until)
    select event_id, 'failed', payload_sha256, error_reason, null
    from unnest(${unique.map((f) => f.eventId)}::text[],
                ${unique.map((f) => f.sha256)}::text[],
                ${unique.map((f) => f.reason)}::text[]) as f(event_id, payload_sha256, error_reason)
    order by event_id
    on conflict (event_id) do update
      set status = 'failed',
          error_reason = excluded.error_reason,
          last_seen_at = now(),
          locked_until = null,
          attempts = k.attempts + 1
      where k.status <> 'success' and (k.locked_until is null or k.locked_until < now())`;
}

/**
 * Ends leases early after a transient failure (a failed write, a failed
 * publish), so the redelivery need not wait for them to expire. Best effort
 * by nature: if the database is gone, the leases expire on their own.
 */
export async function release(sql: SqlOrTx, eventIds: string[]): Promise<void> {
  if (eventIds.length === 0) return;
  await sql`
    update idempotency_keys set locked_until = null
    where event_id = any(${eventIds}::text[]) and status <> 'failed'`;
}
