import type { SqlFragment, SqlOrTx } from './client';
import { type EventKey, keyText } from './keys';

/**
 * One event a batch wants to process: its key, the hash of its canonical payload, and whose it
 * is and when ingest received it (an erased or suppressed user's event is not stored).
 */
export interface ClaimRequest extends EventKey {
  sha256: string;
  user_id: string;
  /** When ingest received it (RFC 3339). */
  received_at: string;
}

/**
 * What a claim found:
 * - `claimed`: ours to persist (until the lease ends, on the two-step path);
 * - `duplicate`: already stored with the same payload;
 * - `conflict`: already stored with a different payload (EVENT_ID_CONFLICT: the first payload
 *   stored wins);
 * - `busy`: another processor holds a live lease, or is claiming it right now;
 * - `erased`: never to be stored — an erased event id, or an event of a user erased after it
 *   was received or suppressed before (a tombstone now keeps its id).
 */
export type ClaimOutcome =
  | { kind: 'claimed' }
  | { kind: 'duplicate' }
  | { kind: 'erased' }
  | { kind: 'conflict'; storedSha256: string }
  | { kind: 'busy' };

/** What the claiming statement returns per key: whether it was claimed, and the stored hash. */
export interface ClaimRow {
  tenant_id: string;
  event_id: string;
  claimed: boolean;
  /** The hash of the event stored under this key as of the statement's start, or null. */
  stored_sha256: string | null;
  /** Whether the event must not be stored (erased id, erased or suppressed user). */
  erased: boolean;
}

/** What shapes one claiming statement (see {@link claimStatement}). */
export interface ClaimStatement {
  /**
   * A query yielding the rows to claim, at least `tenant_id`, `event_id`, `payload_sha256`,
   * `user_id` and `received_at` (timestamptz).
   */
  input: SqlFragment;
  /** The status a claimed key gets: `processing` under a lease, or `success` with its event. */
  status: 'processing' | 'success';
  leaseSeconds: number;
  /** A further condition on the input row `r` for it to be claimed. */
  claimable: SqlFragment;
  /**
   * A data-modifying query run in the same statement, reading `r` and `claimed`, returning the
   * rows it wrote (`tenant_id`, `event_id` and whatever the caller wants back as `written`).
   */
  alongside?: SqlFragment;
}

/**
 * The claiming statement: the input as `r`; the rows never to be stored (`gone`: an erased id
 * — it has a tombstone — or an event of a user erased after it was received, or suppressed
 * before) get a tombstone; a key is claimed (`status`, lease) when its event is not stored nor
 * gone, `claimable` holds, and the key is new, failed or its lease expired, in key order;
 * `alongside` runs in the same statement. One row per input key: claimed or not, the stored
 * hash as of the statement's start, whether it is gone, and `written`, the row `alongside`
 * returned for it (as JSON) or null. Whether an event is stored is read from `events` itself,
 * so a key that was purged (or never written) can never let a second payload past the first.
 */
export function claimStatement<Written = never>(sql: SqlOrTx, statement: ClaimStatement) {
  const lease =
    statement.status === 'success'
      ? sql`null::timestamptz`
      : sql`now() + make_interval(secs => ${statement.leaseSeconds})`;
  return sql<(ClaimRow & { written: Written | null })[]>`
    with r as (${statement.input}),
    gone as (
      select r.tenant_id, r.event_id from r
      where exists (
          select 1 from tombstones t where t.tenant_id = r.tenant_id and t.event_id = r.event_id)
        or exists (
          select 1 from erasures x
          where x.tenant_id = r.tenant_id
            and x.user_sha256 = encode(sha256(convert_to(r.tenant_id || ':' || r.user_id, 'UTF8')), 'hex')
            and x.requested_at >= r.received_at)
        or exists (
          select 1 from suppressions s
          where s.tenant_id = r.tenant_id
            and s.user_sha256 = encode(sha256(convert_to(r.tenant_id || ':' || r.user_id, 'UTF8')), 'hex')
            and s.suppressed_at <= r.received_at)
    ),
    entombed as (
      insert into tombstones (tenant_id, event_id)
      select tenant_id, event_id from gone order by tenant_id, event_id
      on conflict do nothing
    ),
    claimed as (
      insert into idempotency_keys as k (tenant_id, event_id, status, payload_sha256, locked_until)
      select r.tenant_id, r.event_id, ${statement.status}, r.payload_sha256, ${lease}
      from r
      where not exists (
          select 1 from events e where e.tenant_id = r.tenant_id and e.event_id = r.event_id)
        and not exists (
          select 1 from gone g where g.tenant_id = r.tenant_id and g.event_id = r.event_id)
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
    ),
    alongside as (${statement.alongside ?? sql`select null::text as tenant_id, null::text as event_id where false`})
    select r.tenant_id,
           r.event_id,
           c.event_id is not null as claimed,
           e.payload_sha256 as stored_sha256,
           g.event_id is not null as erased,
           case when a.event_id is null then null else to_jsonb(a) end as written
    from r
    left join gone g on g.tenant_id = r.tenant_id and g.event_id = r.event_id
    left join claimed c on c.tenant_id = r.tenant_id and c.event_id = r.event_id
    left join alongside a on a.tenant_id = r.tenant_id and a.event_id = r.event_id
    left join events e on e.tenant_id = r.tenant_id and e.event_id = r.event_id`;
}

/**
 * Claims a batch of events in one statement, each by its (tenant, event id): tenants never
 * meet. Claiming sets status `processing` and `locked_until = now() + lease` and commits at
 * once, so a concurrent processor sees the lease and backs off, and a crashed one's lease
 * expires. Keys must be distinct. Rows are claimed in key order, so two overlapping batches
 * cannot deadlock. The outcomes are by `keyText`.
 */
export async function claim(
  sql: SqlOrTx,
  requests: ClaimRequest[],
  leaseSeconds: number,
): Promise<Map<string, ClaimOutcome>> {
  if (requests.length === 0) return new Map();
  const rows = await claimStatement(sql, {
    input: sql`
      select tenant_id, event_id, payload_sha256, user_id, received_at::timestamptz as received_at
      from unnest(${requests.map((r) => r.tenant_id)}::text[],
                  ${requests.map((r) => r.event_id)}::text[],
                  ${requests.map((r) => r.sha256)}::text[],
                  ${requests.map((r) => r.user_id)}::text[],
                  ${requests.map((r) => r.received_at)}::text[])
        as r(tenant_id, event_id, payload_sha256, user_id, received_at)`,
    status: 'processing',
    leaseSeconds,
    claimable: sql`true`,
  });
  return outcomesOf(
    rows,
    requests.map((r) => [keyText(r), r.sha256]),
  );
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
  if (row.erased && row.stored_sha256 === null) return { kind: 'erased' };
  if (row.stored_sha256 === null) return { kind: 'busy' };
  if (row.stored_sha256 !== sha256) return { kind: 'conflict', storedSha256: row.stored_sha256 };
  return { kind: 'duplicate' };
}
