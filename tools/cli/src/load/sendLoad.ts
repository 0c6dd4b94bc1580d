import type { EventInput } from '@fluxa/models';
import type { ApiClient } from '../api/client';
import { apiFailure } from '../api/responses';
import { CliError } from '../errors';

/** An event the API accepted. */
export interface AcceptedEvent {
  /** Wall-clock time (ms) its 202 arrived. */
  acceptedAt: number;
  /** The correlation id its request was sent with: the wait lists events by it. */
  correlationId: string;
}

/** What the send phase of a load run measured. */
export interface SendPhase {
  /** Accepted events by id. */
  accepted: Map<string, AcceptedEvent>;
  rejected: number;
  /** Events not enqueued: throttled, 5xx, retryable batch items, network errors. */
  failed: number;
  requests: number;
  /** Latency of every HTTP call, in ms. */
  latenciesMs: number[];
  /** Responses per HTTP status (`network` for calls that got none). */
  statuses: Record<string, number>;
  elapsedMs: number;
  /** Stopped early by Ctrl-C. */
  interrupted: boolean;
}

/** Options of {@link sendLoad}. */
export interface SendLoadOptions {
  events: EventInput[];
  concurrency: number;
  /** 1: POST /events per event; more: POST /events/batch with this many per call. */
  batchSize: number;
  /**
   * Each request is sent with `X-Correlation-ID: <prefix>-<n>`, one n per 100 consecutive
   * events, so the wait can list them 100 at a time.
   */
  correlationPrefix: string;
  signal?: AbortSignal;
  onProgress?: (sent: number) => void;
}

/** Events that share a correlation id: one list page. */
const eventsPerCorrelation = 100;

function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size)
    chunks.push(items.slice(start, start + size));
  return chunks;
}

/**
 * Sends the events with `concurrency` requests in flight and measures each call.
 * Nothing is retried: a load test reports throttling and errors, it does not hide
 * them. If the very first calls cannot reach the API, or it refuses the key,
 * that error is thrown instead of a report of N identical failures.
 */
export async function sendLoad(api: ApiClient, options: SendLoadOptions): Promise<SendPhase> {
  const phase: SendPhase = {
    accepted: new Map(),
    rejected: 0,
    failed: 0,
    requests: 0,
    latenciesMs: [],
    statuses: {},
    elapsedMs: 0,
    interrupted: false,
  };
  const chunks = chunk(options.events, options.batchSize);
  let next = 0;
  let sent = 0;
  let firstError: unknown;
  const count = (status: string) => {
    phase.statuses[status] = (phase.statuses[status] ?? 0) + 1;
  };
  const started = performance.now();

  const sendOne = async (events: EventInput[], chunkIndex: number) => {
    const single = options.batchSize === 1;
    const group = Math.floor((chunkIndex * options.batchSize) / eventsPerCorrelation);
    const correlationId = `${options.correlationPrefix}-${group}`;
    const response = await api.request({
      method: 'POST',
      path: single ? '/events' : '/events/batch',
      body: single ? events[0] : { events },
      headers: { 'x-correlation-id': correlationId },
    });
    phase.requests += 1;
    phase.latenciesMs.push(response.ms);
    count(String(response.status));
    const now = Date.now();
    if ((response.status === 401 || response.status === 403) && phase.accepted.size === 0) {
      firstError ??= apiFailure(single ? 'POST /events' : 'POST /events/batch', response);
    }
    if (response.status !== 202) {
      if (response.status === 400 && single) phase.rejected += 1;
      else phase.failed += events.length;
      return;
    }
    if (single) {
      const eventId = (response.body as { event_id?: unknown } | undefined)?.event_id;
      if (typeof eventId === 'string')
        phase.accepted.set(eventId, { acceptedAt: now, correlationId });
      return;
    }
    const results = (response.body as { results?: unknown } | undefined)?.results;
    for (const item of Array.isArray(results) ? results : []) {
      const { status, event_id: eventId } = item as { status?: unknown; event_id?: unknown };
      if (status === 'enqueued' && typeof eventId === 'string') {
        phase.accepted.set(eventId, { acceptedAt: now, correlationId });
      } else if (status === 'rejected') phase.rejected += 1;
      else phase.failed += 1;
    }
  };

  const worker = async () => {
    while (next < chunks.length && !options.signal?.aborted && firstError === undefined) {
      const chunkIndex = next;
      const events = chunks[chunkIndex] ?? [];
      next += 1;
      try {
        await sendOne(events, chunkIndex);
      } catch (error) {
        if (options.signal?.aborted) break;
        count('network');
        phase.failed += events.length;
        if (phase.requests === 0 && error instanceof CliError && error.code === 'UNREACHABLE') {
          firstError = error;
        }
      }
      sent += events.length;
      options.onProgress?.(sent);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, chunks.length) }, worker));
  if (firstError !== undefined) throw firstError;
  phase.interrupted = options.signal?.aborted === true;
  phase.elapsedMs = performance.now() - started;
  return phase;
}
