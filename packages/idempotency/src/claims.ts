import { type EventKey, keyText, type SqlFragment, type SqlOrTx } from '@fluxa/db';

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
  const rows = await claimStatement(sql, {
    input: sql`
      select * from unnest(${requests.map((r) => r.tenant_id)}::text[],
                           ${requests.map((r) => r.event_id)}::text[],
                           ${requests.map((r) => r.sha256)}::text[])
        as r(tenant_id, event_id, payload_sha256)`,
    status: 'processing',
    leaseSeconds,
    claimable: sql`true`,
  });
  return outcomesOf(
    rows,
    requests.map((r) => [keyText(r), r.sha256]),
  );
}

/** What shapes one claiming statement (see {@link claimStatement}). */
export interface ClaimStatement {
  /** A query yielding the rows to claim, at least `tenant_id`, `event_id`, `payload_sha256`. */
  input: SqlFragment;
  /** The status a claimed key gets. */
  status: 'processing' | 'success';
  leaseSeconds: number;
  /** A further condition on the input row `r` for it to be claimed. */
  claimable: SqlFragment;
  /** A data-modifying query run in the same statement, reading `r` and `claimed`. */
  alongside?: SqlFragment;
}

/**
 * The claiming statement: the input as `r`; a key is claimed (`status`, lease) when its event
 * is not stored, `claimable` holds, and the key is new, failed or its lease expired, in key
 * order; `alongside` runs in the same statement. One row per input key: claimed or not, and the
 * stored hash, notification and lease as of the statement's start.
 */
export function claimStatement(sql: SqlOrTx, statement: ClaimStatement) {
  return sql<ClaimRow[]>`
    with r as (${statement.input}),
    claimed as (
      insert into idempotency_keys as k (tenant_id, event_id, status, payload_sha256, locked_until)
      select r.tenant_id, r.event_id, ${statement.status}, r.payload_sha256,
             now() + make_interval(secs => ${statement.leaseSeconds})
      from r
      where not exists (
          select 1 from events e where e.tenant_id = r.tenant_id and e.event_id = r.event_id)
        and ${statement.claimable}
      order by r.tenant_id, r.event_id
      on conflict (tenant_id, event_id) do update
        set status = excluded.status,
            attempts = k.attempts + 1,
            last_seen_at = now(),
            payload_sha256 = excluded.payload_sha256,
            locked_until = excluded.locked_until,
            error_reason = null
        where k.status <> 'success' and (k.locked_until is null or k.locked_until < now())
      returning k.tenant_id, k.event_id
    )${statement.alongside ? sql`, alongside as (${statement.alongside})` : sql``}
    select r.tenant_id,
           r.event_id,
           c.event_id is not null as claimed,
           e.payload_sha256 as stored_sha256,
           e.notified_at is not null as notified,
           k.locked_until > now() as locked
    from r
    left join claimed c on c.tenant_id = r.tenant_id and c.event_id = r.event_id
    left join idempotency_keys k on k.tenant_id = r.tenant_id and k.event_id = r.event_id
    left join events e on e.tenant_id = r.tenant_id and e.event_id = r.event_id`;
}

/** The outcome of every key, by `keyText`, given the hash each request carried. */
export function outcomesOf(
  rows: readonly ClaimRow[],
  shaByKey: [string, string][],
): Map<string, ClaimOutcome> {
  const bySha = new Map(shaByKey);
  return new Map(rows.map((row) => [keyText(row), classify(row, bySha.get(keyText(row)))]));
}

/** Rows not claimed are read as of the statement's start: a key claimed concurrently reads as absent. */
function classify(row: ClaimRow, sha256: string | undefined): ClaimOutcome {
  if (row.claimed) return { kind: 'claimed' };
  if (row.stored_sha256 === null) return { kind: 'busy' };
  if (row.stored_sha256 !== sha256) return { kind: 'conflict', storedSha256: row.stored_sha256 };
  // Stored but unpublished under a live lease: its processor is publishing right now.
  if (row.notified !== true && row.locked === true) return { kind: 'busy' };
  return { kind: 'duplicate', notified: row.notified === true };
}
