import type { CheckedReplayRequest, Replay } from '@fluxa/models';
import postgres from 'postgres';
import type { SqlOrTx } from './client';
import {
  type NotificationRow,
  notificationColumns,
  type StoredNotification,
  toStoredNotification,
} from './owed';
import { utcText } from './utcText';

/** A replay row as the relay works on it: its window, filters and checkpoint. */
export interface ReplayRow {
  tenant_id: string;
  replay_id: string;
  status: Replay['status'];
  stored_after: string;
  stored_before: string;
  user_id: string | null;
  merchant: string | null;
  matched: number;
  published: number;
  cursor_created_at: string | null;
  cursor_event_id: string | null;
  created_at: string;
  finished_at: string | null;
  error: string | null;
}

/** A replay's filters, as the SQL condition on `events` they add. */
function filtersOf(sql: SqlOrTx, filters: { user_id?: string | null; merchant?: string | null }) {
  return sql`
    ${filters.user_id ? sql`and user_id = ${filters.user_id}` : sql``}
    ${filters.merchant ? sql`and merchant = ${filters.merchant}` : sql``}`;
}

/**
 * How many of a tenant's events a replay of this window and these filters would publish,
 * counting no further than `cap + 1` (enough to refuse a replay over the cap). A range scan of
 * the (tenant, created_at) index.
 */
export async function countReplayMatches(
  sql: SqlOrTx,
  tenantId: string,
  request: CheckedReplayRequest,
  cap: number,
): Promise<number> {
  const [row] = await sql<{ n: number }[]>`
    select count(*)::int as n from (
      select 1 from events
      where tenant_id = ${tenantId}
        and created_at >= ${request.window.after}::timestamptz
        and created_at < ${request.window.before}::timestamptz
        ${filtersOf(sql, request)}
      limit ${cap + 1}) as matched`;
  return row?.n ?? 0;
}

const replayColumns = (sql: SqlOrTx) => sql`
  tenant_id, replay_id, status,
  ${sql.unsafe(utcText('stored_after'))} as stored_after,
  ${sql.unsafe(utcText('stored_before'))} as stored_before,
  user_id, merchant, matched::int as matched, published::int as published,
  cursor_created_at::text as cursor_created_at, cursor_event_id,
  ${sql.unsafe(utcText('created_at'))} as created_at,
  ${sql.unsafe(utcText('finished_at'))} as finished_at, error`;

/** A replay as the API returns it. */
export function toReplay(row: ReplayRow): Replay {
  return {
    replay_id: row.replay_id,
    status: row.status,
    matched: row.matched,
    published: row.published,
    stored_after: row.stored_after,
    stored_before: row.stored_before,
    filters: {
      ...(row.user_id === null ? {} : { user_id: row.user_id }),
      ...(row.merchant === null ? {} : { merchant: row.merchant }),
    },
    created_at: row.created_at,
    finished_at: row.finished_at,
    ...(row.error === null ? {} : { error: row.error }),
  };
}

/**
 * Records a running replay, or — when the tenant already has one running (a unique partial
 * index allows one) — answers that one instead.
 */
export async function createReplay(
  sql: SqlOrTx,
  replay: { tenantId: string; replayId: string; request: CheckedReplayRequest; matched: number },
): Promise<{ created: Replay } | { running: Replay }> {
  const { tenantId, replayId, request, matched } = replay;
  try {
    const [row] = await sql<ReplayRow[]>`
      insert into replays (tenant_id, replay_id, status, stored_after, stored_before, user_id,
                           merchant, matched, published, finished_at)
      values (${tenantId}, ${replayId}, 'running',
              ${request.window.after}::timestamptz, ${request.window.before}::timestamptz,
              ${request.user_id ?? null}, ${request.merchant ?? null}, ${matched}, 0, null)
      returning ${replayColumns(sql)}`;
    return { created: toReplay(row as ReplayRow) };
  } catch (error) {
    const uniqueViolation = error instanceof postgres.PostgresError && error.code === '23505';
    if (!uniqueViolation) throw error;
    const [running] = await sql<ReplayRow[]>`
      select ${replayColumns(sql)} from replays
      where tenant_id = ${tenantId} and status = 'running'`;
    if (!running) throw error;
    return { running: toReplay(running) };
  }
}

/** One replay of a tenant, or undefined (another tenant's is not found either). */
export async function getReplay(
  sql: SqlOrTx,
  tenantId: string,
  replayId: string,
): Promise<Replay | undefined> {
  const [row] = await sql<ReplayRow[]>`
    select ${replayColumns(sql)} from replays
    where tenant_id = ${tenantId} and replay_id = ${replayId}`;
  return row ? toReplay(row) : undefined;
}

/** A tenant's latest replays, newest first. */
export async function listReplays(
  sql: SqlOrTx,
  tenantId: string,
  limit: number,
): Promise<Replay[]> {
  const rows = await sql<ReplayRow[]>`
    select ${replayColumns(sql)} from replays where tenant_id = ${tenantId}
    order by replays.created_at desc, replay_id desc limit ${limit}`;
  return rows.map(toReplay);
}

/**
 * In an open transaction: the oldest running replay no other relay is working on, locked until
 * the transaction ends (`for update skip locked`): one page of a replay at a time.
 */
export async function takeRunningReplay(tx: SqlOrTx): Promise<ReplayRow | undefined> {
  const [row] = await tx<ReplayRow[]>`
    select ${replayColumns(tx)} from replays where status = 'running'
    order by replays.created_at limit 1 for update skip locked`;
  return row;
}

/**
 * The next page of a replay: the tenant's events in its window and filters after its
 * checkpoint, in (created_at, event_id) order — a range scan of the (tenant, created_at,
 * event_id) index — with the position of the last one for the next checkpoint.
 */
export async function replayPage(
  tx: SqlOrTx,
  replay: ReplayRow,
  limit: number,
): Promise<{ notifications: StoredNotification[]; last?: { createdAt: string; eventId: string } }> {
  const after =
    replay.cursor_created_at === null
      ? tx`created_at >= ${replay.stored_after}::timestamptz`
      : tx`(created_at, event_id) > (${replay.cursor_created_at}::timestamptz, ${replay.cursor_event_id})`;
  const rows = await tx<(NotificationRow & { position: string })[]>`
    select ${notificationColumns(tx)}, created_at::text as position from events
    where tenant_id = ${replay.tenant_id}
      and ${after}
      and created_at < ${replay.stored_before}::timestamptz
      ${filtersOf(tx, replay)}
    order by events.created_at, events.event_id
    limit ${limit}`;
  const lastRow = rows.at(-1);
  return {
    notifications: rows.map(({ position: _position, ...row }) => toStoredNotification(row)),
    ...(lastRow ? { last: { createdAt: lastRow.position, eventId: lastRow.event_id } } : {}),
  };
}

/**
 * Records a replay's progress after a page was published: its checkpoint and count, and — when
 * the page was its last — that it is done. In the transaction that took the replay, so a crash
 * before it leaves the page to be published again (at least once; nothing skipped).
 */
export async function checkpointReplay(
  tx: SqlOrTx,
  replay: ReplayRow,
  progress: { published: number; last?: { createdAt: string; eventId: string }; done: boolean },
): Promise<void> {
  await tx`
    update replays set
      published = published + ${progress.published},
      cursor_created_at = coalesce(${progress.last?.createdAt ?? null}::timestamptz, cursor_created_at),
      cursor_event_id = coalesce(${progress.last?.eventId ?? null}, cursor_event_id),
      status = ${progress.done ? 'done' : 'running'},
      finished_at = ${progress.done ? tx`now()` : tx`null`}
    where tenant_id = ${replay.tenant_id} and replay_id = ${replay.replay_id}`;
}
