import type { ApiClient } from '../api/client';
import { sleep } from '../poll';

/** What the wait phase of a load run measured. */
export interface WaitPhase {
  /** Events found with GET /events/{id} 200. */
  found: number;
  /** Events still missing when the time was up (or on Ctrl-C). */
  missing: string[];
  /** Per found event: first 200 seen − its 202 arrived, in ms (resolution: one polling round). */
  observedLagMs: number[];
  /** Per found event: created_at − received_at of the stored record, in ms (server clocks). */
  pipelineLagMs: number[];
  /** From the start of waiting until the last event was found. */
  elapsedMs: number;
  timedOut: boolean;
}

/** Options of {@link waitQueryable}. */
export interface WaitOptions {
  concurrency: number;
  timeoutMs: number;
  /** Shortest time between two checks of the same event. */
  roundMs?: number;
  signal?: AbortSignal;
  onProgress?: (found: number) => void;
}

function serverLagMs(body: unknown): number | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { received_at: received, created_at: created } = body as Record<string, unknown>;
  if (typeof received !== 'string' || typeof created !== 'string') return undefined;
  const lag = Date.parse(created) - Date.parse(received);
  return Number.isFinite(lag) ? Math.max(0, lag) : undefined;
}

/**
 * Polls GET /events/{id} for every accepted event, in rounds with `concurrency`
 * requests in flight, until all answer 200 or `timeoutMs` passes. A 404 or a
 * throttled (429) check is simply tried again next round. Bounded by the timeout.
 */
export async function waitQueryable(
  api: ApiClient,
  accepted: Map<string, number>,
  options: WaitOptions,
): Promise<WaitPhase> {
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  const pending = new Map(accepted);
  const phase: WaitPhase = {
    found: 0,
    missing: [],
    observedLagMs: [],
    pipelineLagMs: [],
    elapsedMs: 0,
    timedOut: false,
  };
  let throttled = false;
  const check = async (eventId: string, acceptedAt: number) => {
    const response = await api.request({
      method: 'GET',
      path: `/events/${encodeURIComponent(eventId)}`,
    });
    if (response.status === 429) throttled = true;
    if (response.status !== 200) return;
    pending.delete(eventId);
    phase.found += 1;
    phase.observedLagMs.push(Math.max(0, Date.now() - acceptedAt));
    const lag = serverLagMs(response.body);
    if (lag !== undefined) phase.pipelineLagMs.push(lag);
    options.onProgress?.(phase.found);
  };
  while (pending.size > 0 && !options.signal?.aborted) {
    const roundStarted = Date.now();
    const ids = [...pending.entries()];
    let next = 0;
    throttled = false;
    const worker = async () => {
      while (next < ids.length && Date.now() < deadline && !options.signal?.aborted) {
        const [eventId, acceptedAt] = ids[next] as [string, number];
        next += 1;
        await check(eventId, acceptedAt).catch(() => undefined);
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.concurrency, ids.length) }, worker));
    if (pending.size === 0) break;
    if (Date.now() >= deadline) {
      phase.timedOut = true;
      break;
    }
    const pause = (options.roundMs ?? 250) * (throttled ? 4 : 1) - (Date.now() - roundStarted);
    if (pause > 0)
      await sleep(Math.min(pause, deadline - Date.now()), options.signal).catch(() => undefined);
  }
  phase.missing = [...pending.keys()];
  phase.elapsedMs = Date.now() - started;
  return phase;
}
