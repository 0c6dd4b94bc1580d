import { type EventInput, FluxaError, type UndeliveredEvent, type Violation } from '@fluxa/client';
import type { Api } from './api';

/** Why an event was not enqueued. */
export interface SendFailure {
  code: string;
  message: string;
  details: Violation[];
}

/** What became of events sent in the background, by their position in the input. */
export interface SendSummary {
  /** Ids of the events the API enqueued, in input order. */
  accepted: string[];
  /** Events refused (by the API, or by the client before sending): sending them again would fail the same way. */
  rejected: Array<{ index: number; error: SendFailure }>;
  /** Events not enqueued before the retry deadline: safe to send again. */
  failed: Array<{ index: number; reason: string }>;
  /** HTTP requests made (retries included). */
  requests: number;
}

/** Options of {@link sendEvents}. */
export interface SendEventsOptions {
  /** Events per batch request, 1–500. */
  batchSize: number;
  /** Told how many events have been settled (enqueued or given up) so far. */
  onProgress?: (settled: number) => void;
  /** Stops taking events (Ctrl-C); what is already buffered is still sent. */
  signal?: AbortSignal;
}

function failureOf(error: unknown): SendFailure {
  if (error instanceof FluxaError) {
    return { code: error.code, message: error.message, details: [...error.details] };
  }
  return {
    code: 'INVALID_EVENT',
    message: error instanceof Error ? error.message : String(error),
    details: [],
  };
}

/**
 * Sends the events with the client's background sender (`enqueue`, then `close`): batches of
 * `batchSize`, throttled and unavailable batches and retryable items resent within the
 * client's deadline (safe: each event keeps its id). A key the API refuses (401/403) fails the
 * whole send with that error rather than a report of N identical rejections.
 */
export async function sendEvents(
  api: Api,
  events: readonly unknown[],
  options: SendEventsOptions,
): Promise<SendSummary> {
  let settled = 0;
  const progress = (count: number) => {
    settled += count;
    options.onProgress?.(settled);
  };
  // Every batch's undelivered events, as they settle: close() reports only the batches still
  // in flight when it is called.
  const undeliveredEvents: UndeliveredEvent[] = [];
  const client = api.clientWith({
    maxBatchEvents: options.batchSize,
    onDelivered: (ids) => progress(ids.length),
    onUndelivered: (undelivered) => {
      undeliveredEvents.push(...undelivered);
      progress(undelivered.length);
    },
  });
  const summary: SendSummary = { accepted: [], rejected: [], failed: [], requests: 0 };
  const indexOf = new Map<string, number>();
  const sent: string[] = [];
  for (const [index, event] of events.entries()) {
    if (options.signal?.aborted) break;
    try {
      const id = await client.enqueue(event as EventInput);
      if (!indexOf.has(id)) indexOf.set(id, index);
      sent.push(id);
    } catch (error) {
      summary.rejected.push({ index, error: failureOf(error) });
      progress(1);
    }
  }
  await client.close();
  const refusedKey = undeliveredEvents.find(
    ({ error }) => error.status === 401 || error.status === 403,
  );
  if (refusedKey) throw api.failure(refusedKey.error);
  const undelivered = new Set<string>();
  for (const { event, outcome, error } of undeliveredEvents) {
    undelivered.add(event.event_id);
    const index = indexOf.get(event.event_id) ?? -1;
    if (outcome === 'rejected') summary.rejected.push({ index, error: failureOf(error) });
    else summary.failed.push({ index, reason: error.code });
  }
  summary.rejected.sort((a, b) => a.index - b.index);
  summary.accepted = sent.filter((id) => !undelivered.has(id));
  summary.requests = api.requests;
  return summary;
}
