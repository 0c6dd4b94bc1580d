import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LocalStack } from '@fluxa/local';
import { waitUntil } from '@fluxa/local-runtime';
import postgres from 'postgres';
import { type BenchEvent, benchEvents } from './benchEvents';
import type { Deadline } from './deadline';

/** A `POST /events` to the local stack's API; resolves with the status. */
export type Post = (event: BenchEvent) => Promise<number>;

/**
 * A lean HTTP client for the load: node:http with a keep-alive agent (fetch costs several
 * times more CPU per request, which the stack would then lack). `close` ends its sockets.
 */
export function apiClient(info: LocalStack): { post: Post; close(): void } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const post: Post = (event) =>
    new Promise((resolve, reject) => {
      const payload = Buffer.from(JSON.stringify(event));
      const request = http.request(
        `${info.api_url}/events`,
        {
          agent,
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': payload.length,
            'x-api-key': info.api_key,
          },
        },
        (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode ?? 0));
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(payload);
    });
  return { post, close: () => agent.destroy() };
}

/** What one phase of open-loop load saw. */
export interface LatencyPhase {
  sent: number;
  errors: number;
  achievedRate: number;
  /** POST start → row visible in a fresh snapshot of the stack's database, per event. */
  e2eMs: number[];
  /** POST start → 202, per event. */
  ackMs: number[];
}

/**
 * The stack's database as the watcher polls it: by primary key (tenant and event id), so a
 * poll stays an index lookup however many rows the table holds.
 */
export interface StackDatabase {
  sql: postgres.Sql;
  tenantId: string;
}

/** Pending ids one poll of the database checks: the oldest, so a poll stays cheap when behind. */
const watchedIdsPerPoll = 50;

/**
 * Open-loop load: one `POST /events` every 1/rate s for `seconds`, whatever the answers; an event
 * is queryable once a poll of the stack's database (every 5 ms) sees its row — the poll's start
 * is the upper bound of its commit. Waits for every row (at most 30 s) before it returns.
 */
export async function latencyPhase(
  post: Post,
  store: StackDatabase,
  load: { prefix: string; rate: number; seconds: number },
  deadline: Deadline,
): Promise<LatencyPhase> {
  const count = Math.round(load.rate * load.seconds);
  const events = benchEvents(load.prefix, count); // built before the clock: the load stays lean
  const pending = new Map<string, number>();
  const phase: LatencyPhase = { sent: 0, errors: 0, achievedRate: 0, e2eMs: [], ackMs: [] };
  let sending = true;
  const watcher = (async () => {
    while (sending || (pending.size > 0 && !deadline.passed())) {
      const ids = [...pending.keys()].slice(0, watchedIdsPerPoll);
      if (ids.length > 0) {
        const snapshotAt = performance.now();
        const rows = await store.sql<{ event_id: string }[]>`
          select event_id from events
          where tenant_id = ${store.tenantId} and event_id = any(${ids}::text[])`;
        for (const { event_id } of rows) {
          phase.e2eMs.push(snapshotAt - (pending.get(event_id) ?? snapshotAt));
          pending.delete(event_id);
        }
      }
      await sleep(5);
    }
  })();
  const inflight: Promise<void>[] = [];
  const started = performance.now();
  for (const [i, event] of events.entries()) {
    if (deadline.passed()) break;
    const wait = started + (i * 1000) / load.rate - performance.now();
    if (wait > 1) await sleep(wait);
    const t0 = performance.now();
    pending.set(event.event_id, t0);
    phase.sent += 1;
    const failed = () => {
      phase.errors += 1;
      pending.delete(event.event_id);
    };
    inflight.push(
      post(event)
        .then(
          (status) => (status === 202 ? phase.ackMs.push(performance.now() - t0) : failed()),
          failed,
        )
        .then(() => {}),
    );
  }
  await Promise.all(inflight);
  phase.achievedRate = (phase.sent * 1000) / (performance.now() - started);
  // Ids still pending when the wait gives up count as sent but not queryable.
  await waitUntil(() => pending.size === 0, {
    timeoutMs: Math.min(30_000, deadline.remainingMs()),
    intervalMs: 50,
    what: 'every sent event queryable',
  }).catch(() => undefined);
  sending = false;
  await watcher;
  return phase;
}

let warmUps = 0;

/**
 * A short load whose figures are dropped: every container of the stack's poller imports the
 * processor bundle at its first invocation (a cold start), as the API's functions do.
 */
export async function warmUp(post: Post, store: StackDatabase, deadline: Deadline): Promise<void> {
  await latencyPhase(post, store, { prefix: `warm${warmUps++}`, rate: 100, seconds: 3 }, deadline);
}

/** What a measurement against the local stack loads it with and watches it through. */
export interface StackSession {
  /** A `POST /events` over the session's keep-alive client. */
  post: Post;
  store: StackDatabase;
}

/**
 * Opens a session on the stack (one connection to its database, one keep-alive API client),
 * runs `measure` with it, and closes both however `measure` ends.
 */
export async function withStackSession<T>(
  info: LocalStack,
  measure: (session: StackSession) => Promise<T>,
): Promise<T> {
  const sql = postgres(info.database_url, { max: 1, onnotice: () => {} });
  const api = apiClient(info);
  try {
    return await measure({ post: api.post, store: { sql, tenantId: info.tenant_id } });
  } finally {
    api.close();
    await sql.end({ timeout: 2 });
  }
}
