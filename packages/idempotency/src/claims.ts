import { type EventKey, keyText, type SqlOrTx } from '@fluxa/db';

/** One event a batch wants to process: its key and the hash of its canonical payload. */
export interface ClaimRequest extends EventKey {
  sha256: string;
}

/**
 * What a claim found:
 * - `claimed`: ours to persist until the lease ends;
 * - `duplicate`: already stored with the same payload (`notified` false: a previous
 *   processor committed it but died before its SNS publish; the caller publishes);
 * - `conflict`: already stored with a different payload (EVENT_ID_CONFLICT, first wins);
 * - `busy`: another processor holds a live lease (still processing, or stored and
 *   still publishing), or is claiming it right now.
 */
export type ClaimOutcome =
  | { kind: 'claimed' }
  | { kind: 'duplicate'; notified: boolean }
  | { kind: 'conflict'; storedSha256: string }
  | { kind: 'busy' };

/** What the claiming statements return per key: whether it was claimed, and what they read. */
export interface ClaimRow {
  tenant_id: string;
  event_id: string;
  claimed: boolean;
  stored_sha256: string | null;
  notified: boolean | null;
  locked: boolean | null;
}

/**
 * Claims a batch of events in one statement, each by its (tenant, event id): tenants never
 * meet. A key is claimable when its event is not
 * stored and the key is new, failed, or its lease expired; claiming sets status
 * `processing` and `locked_until = now() + lease` and commits at once, so a concurrent
 * processor sees the lease and backs off, and a crashed one's lease expires. Whether an
 * event is stored is read from `events` itself, so a key that was purged (or never written)
 * can never let a second payload past the first. Keys must be distinct. Rows are claimed in
 * key order, so two overlapping batches cannot deadlock. The outcomes are by `keyText`.
 */
export async function claim(
  sql: SqlOrTx,
  requests: ClaimRequest[],
  leaseSeconds: number,
): Promise<Map<string, ClaimOutcome>> {
  if (requests.length === 0) return new Map();
  const rows = await sql<ClaimRow[]>`
    with input as (
      select * from unnest(${requests.map((r) => r.tenant_id)}::text[],
                           ${requests.map((r) => r.event_id)}::text[],
                           ${requests.map((r) => r.sha256)}::text[])
        as i(tenant_id, event_id, payload_sha256)
    ),
    claimed as (
      insert into idempotency_keys as k (tenant_id, event_id, status, payload_sha256, locked_until)
      select i.tenant_id, i.event_id, 'processing', i.payload_sha256,
             now() + make_interval(secs => ${leaseSeconds})
      from input i
      where not exists (
        select 1 from events e where e.tenant_id = i.tenant_id and e.event_id = i.event_id)
      order by i.tenant_id, i.event_id
      on conflict (tenant_id, event_id) do update
        set status = 'processing',
            attempts = k.attempts + 1,
            last_seen_at = now(),
            payload_sha256 = excluded.payload_sha256,
            locked_until = excluded.locked_until,
            error_reason = null
        where k.status <> 'success' and (k.locked_until is null or k.locked_until < now())
      returning k.tenant_id, k.event_id
    )
    select i.tenant_id,
           i.event_id,
           c.event_id is not null as claimed,
           e.payload_sha256 as stored_sha256,
           e.notified_at is not null as notified,
           k.locked_until > now() as locked
    from input i
    left join claimed c on c.tenant_id = i.tenant_id and c.event_id = i.event_id
    left join idempotency_keys k on k.tenant_id = i.tenant_id and k.event_id = i.event_id
    left join events e on e.tenant_id = i.tenant_id and e.event_id = i.event_id`;
  const bySha = new Map(requests.map((r) => [keyText(r), r.sha256]));
  return new Map(rows.map((row) => [keyText(row), classify(row, bySha.get(keyText(row)))]));
}

/** Rows not claimed are read as of the statement's start: a key claimed concurrently reads as absent. */
export function classify(row: ClaimRow, sha256: string | undefined): ClaimOutcome {
  if (row.claimed) return { kind: 'claimed' };
  if (row.stored_sha256 === null) return { kind: 'busy' };
  if (row.stored_sha256 !== sha256) return { kind: 'conflict', storedSha256: row.stored_sha256 };
  // Stored but unpublished under a live lease: its processor is publishing right now.
  if (row.notified !== true && row.locked === true) return { kind: 'busy' };
  return { kind: 'duplicate', notified: row.notified === true };
}
