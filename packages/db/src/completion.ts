import type { SqlOrTx } from './client';
import { type EventKey, keyArrays, keyText } from './keys';

/**
 * Marks claimed keys `success` and ends their leases; call in the transaction that inserts
 * their events (the two-step path: the one-statement store writes `success` itself).
 */
export async function complete(sql: SqlOrTx, keys: EventKey[]): Promise<void> {
  if (keys.length === 0) return;
  const [tenants, ids] = keyArrays(keys);
  await sql`
    update idempotency_keys k
    set status = 'success', last_seen_at = now(), error_reason = null, locked_until = null
    from unnest(${tenants}::text[], ${ids}::text[]) as c(tenant_id, event_id)
    where k.tenant_id = c.tenant_id and k.event_id = c.event_id`;
}

/** A failure to record against its event. */
export interface FailureRecord extends EventKey {
  sha256: string | null;
  /** Storable text (no U+0000, no unpaired surrogate): pass free text through sqsSafeText. */
  reason: string;
}

/**
 * Records failures as `failed` with their reason, in one statement. A key whose event is
 * stored is left alone — its status is `stored` whatever a later copy did, and a purged key is
 * not brought back as `failed` — and so are a `success` key and one under a live lease (its
 * holder records the outcome): to fail a key you claimed yourself, {@link release} it first,
 * in the same transaction.
 */
export async function fail(sql: SqlOrTx, failures: FailureRecord[]): Promise<void> {
  if (failures.length === 0) return;
  const unique = [...new Map(failures.map((f) => [keyText(f), f])).values()];
  await sql`
    insert into idempotency_keys as k
      (tenant_id, event_id, status, payload_sha256, error_reason, locked_until)
    select f.tenant_id, f.event_id, 'failed', f.payload_sha256, f.error_reason, null
    from unnest(${unique.map((f) => f.tenant_id)}::text[],
                ${unique.map((f) => f.event_id)}::text[],
                ${unique.map((f) => f.sha256)}::text[],
                ${unique.map((f) => f.reason)}::text[])
      as f(tenant_id, event_id, payload_sha256, error_reason)
    where not exists (
      select 1 from events e where e.tenant_id = f.tenant_id and e.event_id = f.event_id)
    order by f.tenant_id, f.event_id
    on conflict (tenant_id, event_id) do update
      set status = 'failed',
          error_reason = excluded.error_reason,
          last_seen_at = now(),
          locked_until = null,
          attempts = k.attempts + 1
      where k.status <> 'success' and (k.locked_until is null or k.locked_until < now())`;
}

/**
 * Ends leases early after a transient failure (a failed write), so the redelivery need not
 * wait for them to expire. Best effort by nature: if the database is gone, the leases expire
 * on their own.
 */
export async function release(sql: SqlOrTx, keys: EventKey[]): Promise<void> {
  if (keys.length === 0) return;
  const [tenants, ids] = keyArrays(keys);
  await sql`
    update idempotency_keys k set locked_until = null
    from unnest(${tenants}::text[], ${ids}::text[]) as r(tenant_id, event_id)
    where k.tenant_id = r.tenant_id and k.event_id = r.event_id and k.status <> 'failed'`;
}
