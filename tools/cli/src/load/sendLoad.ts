import { ApiError, type EventInput, NetworkError } from '@fluxa/client';
import type { Api } from '../api';

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
 * Sends the events with `concurrency` requests in flight and measures each call. Nothing is
 * retried (the API is built without retries): a load test reports throttling and errors, it
 * does not hide them. If the very first calls cannot reach the API, or it refuses the key,
 * that error is thrown instead of a report of N identical failures.
 */
export async function sendLoad(api: Api, options: SendLoadOptions): Promise<SendPhase> {
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
    const call = { ...api.options, correlationId: `${options.correlationPrefix}-${group}` };
    const callStarted = performance.now();
    const measure = (status: string) => {
      phase.requests += 1;
      phase.latenciesMs.push(performance.now() - callStarted);
      count(status);
    };
    try {
      if (single) {
        const accepted = await api.client.send(events[0] as EventInput, call);
        measure('202');
        phase.accepted.set(accepted.event_id, {
          acceptedAt: Date.now(),
          correlationId: call.correlationId,
        });
        return;
      }
      const result = await api.client.sendBatch(events, call);
      measure('202');
      const acceptedAt = Date.now();
      for (const item of result.results) {
        if (item.status === 'enqueued') {
          phase.accepted.set(item.event_id, { acceptedAt, correlationId: call.correlationId });
        } else if (item.status === 'rejected') phase.rejected += 1;
        else phase.failed += 1;
      }
    } catch (error) {
      if (options.signal?.aborted) return;
      if (!(error instanceof ApiError) || error.status === undefined) {
        // No answer: not a request the API measured.
        count('network');
        phase.failed += events.length;
        if (error instanceof NetworkError && phase.requests === 0)
          firstError ??= api.failure(error);
        return;
      }
      measure(String(error.status));
      const refusedKey = error.status === 401 || error.status === 403;
      if (refusedKey && phase.accepted.size === 0) firstError ??= api.failure(error);
      if (error.status === 400 && single) phase.rejected += 1;
      else phase.failed += events.length;
    }
  };

  const worker = async () => {
    while (next < chunks.length && !options.signal?.aborted && firstError === undefined) {
      const chunkIndex = next;
      const events = chunks[chunkIndex] ?? [];
      next += 1;
      await sendOne(events, chunkIndex);
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
