import type { Sql } from '@fluxa/db';

/** What {@link storeEvents} stores. */
export interface StoredEvents {
  /** Ids are `<prefix>-<n>`, n from 1. */
  prefix: string;
  rows: number;
  /** When the first was stored; the others follow one per millisecond. */
  storedAt: Date;
  /** Whether their notifications were published (else they are owed to the relay). */
  notified: boolean;
  /** Metadata padding (`note`, hex text), for rows the size of real events; none by default. */
  noteBytes?: number;
}

/**
 * Stores `rows` small events of the default tenant and 1,000 users server-side, in one
 * `insert … select … from generate_series`: the history, the owed notifications or the
 * replayed events a measurement starts from, without the pipeline's cost.
 */
export async function storeEvents(sql: Sql, events: StoredEvents): Promise<void> {
  await sql`
    insert into events (event_id, correlation_id, user_id, amount, currency, merchant, ts,
                        metadata, payload_mode, payload_sha256, received_at, created_at,
                        notified_at)
    select ${events.prefix} || '-' || g, ${events.prefix} || '-corr-' || g / 10,
           'user-' || g % 1000, 1.00, 'USD', 'Merchant', t.at,
           jsonb_strip_nulls(jsonb_build_object('channel', 'web', 'note',
             nullif(left(repeat(md5(g::text), 64), ${events.noteBytes ?? 0}::int), ''))), 'INLINE',
           repeat('a', 64), t.at, t.at, case when ${events.notified} then t.at end
    from generate_series(1, ${events.rows}::int) g,
         lateral (select ${events.storedAt}::timestamptz + g * interval '1 millisecond' as at) t`;
}
