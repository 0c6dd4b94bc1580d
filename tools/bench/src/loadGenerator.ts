import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LocalStack } from '@fluxa/local';
import { waitUntil } from '@fluxa/local-runtime';
import type { PersistedEvent } from '@fluxa/models';
import type postgres from 'postgres';
import { type BenchEvent, benchEvents } from './benchEvents';
import type { Deadline } from './deadline';
import type { EndToEndOptions } from './options';

/**
 * A lean HTTP client for the load: node:http with a keep-alive agent (fetch
 * costs several times more CPU per request, which the stack would then lack).
 */
export function apiClient(info: LocalStack) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const base = new URL(info.api_url);
  return {
    post(route: '/events' | '/events/batch', body: unknown): Promise<number> {
      const payload = Buffer.from(JSON.stringify(body));
      return new Promise((resolve, reject) => {
        const request = http.request(
          {
            agent,
            host: base.hostname,
            port: base.port,
            path: route,
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
    },
    close: () => agent.destroy(),
  };
}
export type Api = ReturnType<typeof apiClient>;

/** How many pending ids one poll of the database checks. */
export const watchedIdsPerPoll = 50;

/** Open-loop load: one POST per 1/rate s, whatever the responses; then waits for every row. */
export async function latencyPhase(
  api: Api,
  sql: postgres.Sql,
  prefix: string,
  options: Pick<EndToEndOptions, 'ratePerSecond' | 'durationSeconds'>,
  deadline: Deadline,
) {
  const count = options.ratePerSecond * options.durationSeconds;
  const intervalMs = 1000 / options.ratePerSecond;
  const events = benchEvents(prefix, count); // built before the clock: the load stays lean
  const pending = new Map<string, number>();
  const e2eMs: number[] = [];
  const ackMs: number[] = [];
  let errors = 0;
  let sending = true;
  const watcher = (async () => {
    while (sending || (pending.size > 0 && !deadline.passed())) {
      // The oldest pending ids only: a bounded, cheap poll even if the stack falls behind
      // (records are processed roughly in arrival order, so the oldest are found first).
      const ids: string[] = [];
      for (const id of pending.keys()) {
        if (ids.length === watchedIdsPerPoll) break;
        ids.push(id);
      }
      if (ids.length > 0) {
        // Rows in this snapshot were committed before the query started: that start is the upper bound.
        const snapshotAt = performance.now();
        const rows = await sql<Pick<PersistedEvent, 'event_id'>[]>`
          select event_id from events where event_id = any(${ids}::text[])`;
        for (const { event_id } of rows) {
          e2eMs.push(snapshotAt - (pending.get(event_id) ?? snapshotAt));
          pending.delete(event_id);
        }
      }
      await sleep(5);
    }
  })();
  const inflight: Promise<void>[] = [];
  const started = performance.now();
  let sent = 0;
  for (let i = 0; i < count && !deadline.passed(); i++) {
    const due = started + i * intervalMs;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const event = events[i] as BenchEvent;
    const eventId = event.event_id;
    const t0 = performance.now();
    pending.set(eventId, t0);
    sent += 1;
    inflight.push(
      api.post('/events', event).then(
        (status) => {
          if (status === 202) ackMs.push(performance.now() - t0);
          else {
            errors += 1;
            pending.delete(eventId);
          }
        },
        () => {
          errors += 1;
          pending.delete(eventId);
        },
      ),
    );
  }
  await Promise.all(inflight);
  const achievedRate = (sent * 1000) / (performance.now() - started);
  // Ids still pending when the wait gives up are reported as sent but not queryable.
  await waitUntil(() => pending.size === 0, {
    timeoutMs: Math.min(30_000, deadline.remainingMs()),
    intervalMs: 50,
    what: 'every sent event queryable',
  }).catch(() => undefined);
  sending = false;
  await watcher;
  return {
    sent,
    e2eMs,
    ackMs,
    errors,
    achievedRate,
    seconds: (performance.now() - started) / 1000,
  };
}
