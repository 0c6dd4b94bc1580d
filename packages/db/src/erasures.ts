import { type Erasure, type ErasureRequest, userSha256 } from '@fluxa/models';
import postgres from 'postgres';
import type { SqlOrTx } from './client';
import { utcText } from './utcText';

/** An erasure row as the lifecycle job works on it: who, since when, and the counts so far. */
export interface ErasureRow {
  tenant_id: string;
  erasure_id: string;
  user_sha256: string;
  /** The user id, kept only while the erasure runs. */
  user_id: string | null;
  suppress: boolean;
  status: Erasure['status'];
  requested_at: string;
  events_deleted: number;
  objects_deleted: number;
  finished_at: string | null;
  error: string | null;
}

const erasureColumns = (sql: SqlOrTx) => sql`
  tenant_id, erasure_id, user_sha256, user_id, suppress, status,
  ${sql.unsafe(utcText('requested_at'))} as requested_at,
  events_deleted::int as events_deleted, objects_deleted::int as objects_deleted,
  ${sql.unsafe(utcText('finished_at'))} as finished_at, error`;

/** An erasure as the API returns it: the user named only by its hash. */
export function toErasure(row: ErasureRow): Erasure {
  return {
    erasure_id: row.erasure_id,
    status: row.status,
    user_sha256: row.user_sha256,
    suppress: row.suppress,
    events_deleted: row.events_deleted,
    objects_deleted: row.objects_deleted,
    requested_at: row.requested_at,
    finished_at: row.finished_at,
    ...(row.error === null ? {} : { error: row.error }),
  };
}

/**
 * Records a running erasure of a user of a tenant — or, when one of that user is running
 * already (one per user: a unique partial index), answers that one: asking twice is safe.
 */
export async function createErasure(
  sql: SqlOrTx,
  erasure: { tenantId: string; erasureId: string; request: ErasureRequest },
): Promise<Erasure> {
  const { tenantId, erasureId, request } = erasure;
  const userHash = userSha256(tenantId, request.user_id);
  try {
    const [row] = await sql<ErasureRow[]>`
      insert into erasures (tenant_id, erasure_id, user_sha256, user_id, suppress, status)
      values (${tenantId}, ${erasureId}, ${userHash}, ${request.user_id},
              ${request.suppress ?? false}, 'running')
      returning ${erasureColumns(sql)}`;
    return toErasure(row as ErasureRow);
  } catch (error) {
    const uniqueViolation = error instanceof postgres.PostgresError && error.code === '23505';
    if (!uniqueViolation) throw error;
    const [running] = await sql<ErasureRow[]>`
      select ${erasureColumns(sql)} from erasures
      where tenant_id = ${tenantId} and user_sha256 = ${userHash} and status = 'running'`;
    if (!running) throw error;
    return toErasure(running);
  }
}

/** One erasure of a tenant, or undefined (another tenant's is not found either). */
export async function getErasure(
  sql: SqlOrTx,
  tenantId: string,
  erasureId: string,
): Promise<Erasure | undefined> {
  const [row] = await sql<ErasureRow[]>`
    select ${erasureColumns(sql)} from erasures
    where tenant_id = ${tenantId} and erasure_id = ${erasureId}`;
  return row ? toErasure(row) : undefined;
}

/** A tenant's latest erasures, newest first. */
export async function listErasures(
  sql: SqlOrTx,
  tenantId: string,
  limit: number,
): Promise<Erasure[]> {
  const rows = await sql<ErasureRow[]>`
    select ${erasureColumns(sql)} from erasures where tenant_id = ${tenantId}
    order by erasures.requested_at desc, erasure_id desc limit ${limit}`;
  return rows.map(toErasure);
}

/**
 * In an open transaction: the oldest running erasure no other run is working on, locked until
 * the transaction ends (`for update skip locked`).
 */
export async function takeRunningErasure(tx: SqlOrTx): Promise<ErasureRow | undefined> {
  const [row] = await tx<ErasureRow[]>`
    select ${erasureColumns(tx)} from erasures where status = 'running'
    order by erasures.requested_at limit 1 for update skip locked`;
  return row;
}

/** A stored event an erasure deletes: its id and its payload object, if in S3. */
export interface ErasedEvent {
  event_id: string;
  s3_key: string | null;
}

/**
 * In the erasure's transaction: the next stored events of its user received before it was
 * requested, locked for deletion (their payload objects are deleted before their rows).
 */
export async function nextErasable(
  tx: SqlOrTx,
  erasure: ErasureRow,
  limit: number,
): Promise<ErasedEvent[]> {
  return tx<ErasedEvent[]>`
    select event_id, s3_key from events
    where tenant_id = ${erasure.tenant_id} and user_id = ${erasure.user_id}
      and received_at <= ${erasure.requested_at}::timestamptz
    limit ${limit}
    for update`;
}

/**
 * In the erasure's transaction: deletes these events and their idempotency keys, leaves a
 * tombstone per id (no personal data) so a resend is a duplicate, and counts them.
 */
export async function eraseEvents(
  tx: SqlOrTx,
  erasure: ErasureRow,
  erased: { eventIds: string[]; objectsDeleted: number },
): Promise<void> {
  await tx`
    with gone as (
      delete from events
      where tenant_id = ${erasure.tenant_id} and event_id = any(${erased.eventIds}::text[])
      returning tenant_id, event_id
    ),
    keys as (
      delete from idempotency_keys k using gone g
      where k.tenant_id = g.tenant_id and k.event_id = g.event_id
    ),
    tombs as (
      insert into tombstones (tenant_id, event_id)
      select tenant_id, event_id from gone on conflict do nothing
    )
    update erasures set
      events_deleted = events_deleted + (select count(*) from gone),
      objects_deleted = objects_deleted + ${erased.objectsDeleted}
    where tenant_id = ${erasure.tenant_id} and erasure_id = ${erasure.erasure_id}`;
}

/** Ends an erasure: done, and its user id forgotten (only its hash stays). */
export async function finishErasure(tx: SqlOrTx, erasure: ErasureRow): Promise<void> {
  await tx`
    update erasures set status = 'done', finished_at = now(), user_id = null
    where tenant_id = ${erasure.tenant_id} and erasure_id = ${erasure.erasure_id}`;
}
