import { FluxaError } from '@fluxa/client';
import type { Api } from '../api';
import { sleep } from '../poll';
import type { AcceptedEvent } from './sendLoad';

/** What the wait phase of a load run measured. */
export interface WaitPhase {
  /** Events found stored (listed by their request group's correlation id). */
  found: number;
  /** Events still missing when the time was up (or on Ctrl-C). */
  missing: string[];
  /** Per found event: first seen stored − its 202 arrived, in ms (resolution: one polling round). */
  observedLagMs: number[];
  /** Per found event: created_at − received_at of the stored record, in ms (server clocks). */
  pipelineLagMs: number[];
  /** From the start of waiting until the last event was found. */
  elapsedMs: number;
  /** GET /events calls the wait made. */
  requests: number;
  timedOut: boolean;
}

/** Options of {@link waitQueryable}. */
export interface WaitOptions {
  concurrency: number;
  timeoutMs: number;
  /** Shortest time between two checks of the same group. */
  roundMs?: number;
  signal?: AbortSignal;
  onProgress?: (found: number) => void;
}

/** The largest list page the API serves. */
const pageLimit = 100;

function lagMs(received: string, created: string): number | undefined {
  const lag = Date.parse(created) - Date.parse(received);
  return Number.isFinite(lag) ? Math.max(0, lag) : undefined;
}

/**
 * Waits until every accepted event is stored: in rounds, with `concurrency` requests in
 * flight, lists the request groups that still have events pending by their correlation id
 * (GET /events?correlation_id=…, pages of 100), oldest first, so a call covers up to 100
 * events, not one. A round stops taking groups once one it listed is still incomplete (the
 * pipeline is behind: newer groups will be too), after at least `concurrency` groups, so
 * waiting never floods the stack it measures. A throttled, unavailable or unreachable call is
 * tried again next round, after a longer pause; any other failure (a key without the read
 * scope, an answer of the wrong shape) ends the wait with its error. Bounded by the timeout.
 */
export async function waitQueryable(
  api: Api,
  accepted: Map<string, AcceptedEvent>,
  options: WaitOptions,
): Promise<WaitPhase> {
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  const groups = new Map<string, Map<string, number>>();
  for (const [eventId, { acceptedAt, correlationId }] of accepted) {
    const group = groups.get(correlationId) ?? new Map<string, number>();
    group.set(eventId, acceptedAt);
    groups.set(correlationId, group);
  }
  const phase: WaitPhase = {
    found: 0,
    missing: [],
    observedLagMs: [],
    pipelineLagMs: [],
    elapsedMs: 0,
    requests: 0,
    timedOut: false,
  };
  let failed = false;
  const check = async (correlationId: string, pending: Map<string, number>) => {
    let cursor: string | undefined;
    do {
      phase.requests += 1;
      const page = await api.client.listPage(
        { correlation_id: correlationId, limit: pageLimit, ...(cursor ? { cursor } : {}) },
        api.options,
      );
      for (const item of page.items) {
        const acceptedAt = pending.get(item.event_id);
        if (acceptedAt === undefined) continue;
        pending.delete(item.event_id);
        phase.found += 1;
        phase.observedLagMs.push(Math.max(0, Date.now() - acceptedAt));
        const lag = lagMs(item.received_at, item.created_at);
        if (lag !== undefined) phase.pipelineLagMs.push(lag);
      }
      cursor = page.next_cursor ?? undefined;
    } while (cursor !== undefined && pending.size > 0);
    if (pending.size === 0) groups.delete(correlationId);
    options.onProgress?.(phase.found);
  };
  while (groups.size > 0 && !options.signal?.aborted) {
    const roundStarted = Date.now();
    const round = [...groups.entries()];
    let next = 0;
    let behind = false;
    failed = false;
    const worker = async () => {
      while (
        next < round.length &&
        !(behind && next >= options.concurrency) &&
        Date.now() < deadline &&
        !options.signal?.aborted
      ) {
        const [correlationId, pending] = round[next] as [string, Map<string, number>];
        next += 1;
        await check(correlationId, pending).catch((error: unknown) => {
          if (!(error instanceof FluxaError && error.retryable)) throw api.failure(error);
          failed = true;
        });
        if (pending.size > 0) behind = true;
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.concurrency, round.length) }, worker));
    if (groups.size === 0) break;
    if (Date.now() >= deadline) {
      phase.timedOut = true;
      break;
    }
    const pause = (options.roundMs ?? 250) * (failed ? 4 : 1) - (Date.now() - roundStarted);
    if (pause > 0)
      await sleep(Math.min(pause, deadline - Date.now()), options.signal).catch(() => undefined);
  }
  phase.missing = [...groups.values()].flatMap((pending) => [...pending.keys()]);
  phase.elapsedMs = Date.now() - started;
  return phase;
}
