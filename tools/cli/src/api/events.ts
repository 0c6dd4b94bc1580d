import {
  type Accepted,
  type BatchResult,
  type EventInput,
  type EventList,
  type EventStatus,
  maxBatchEvents,
  type StoredRecord,
} from '@fluxa/models';
import type { ApiClient, ApiResponse } from './client';
import { type ApiErrorInfo, apiFailure, errorInfoOf, expectBody } from './responses';

/** POST /events: the 202 body, or an error naming the status and every violation. */
export async function postEvent(
  api: ApiClient,
  event: unknown,
  correlationId?: string,
): Promise<Accepted> {
  const response = await api.request({
    method: 'POST',
    path: '/events',
    body: event,
    ...(correlationId ? { headers: { 'x-correlation-id': correlationId } } : {}),
  });
  if (response.status !== 202) throw apiFailure('POST /events', response);
  return expectBody(response, 'accepted', 'POST /events');
}

/** POST /events/batch: the 202 body with per-item results, or an error. */
export async function postBatch(api: ApiClient, events: unknown[]): Promise<BatchResult> {
  const response = await api.request({ method: 'POST', path: '/events/batch', body: { events } });
  if (response.status !== 202) throw apiFailure('POST /events/batch', response);
  return expectBody(response, 'batchResult', 'POST /events/batch');
}

/** GET /events/{id}: the stored record, or undefined on 404 (not persisted yet). */
export async function getEvent(api: ApiClient, eventId: string): Promise<StoredRecord | undefined> {
  const what = `GET /events/${eventId}`;
  const response = await api.request({
    method: 'GET',
    path: `/events/${encodeURIComponent(eventId)}`,
  });
  if (response.status === 404) return undefined;
  if (response.status !== 200) throw apiFailure(what, response);
  return expectBody(response, 'storedRecord', what);
}

/** GET /events/{id}/status: what the processor knows, or undefined on 404. */
export async function getStatus(api: ApiClient, eventId: string): Promise<EventStatus | undefined> {
  const what = `GET /events/${eventId}/status`;
  const response = await api.request({
    method: 'GET',
    path: `/events/${encodeURIComponent(eventId)}/status`,
  });
  if (response.status === 404) return undefined;
  if (response.status !== 200) throw apiFailure(what, response);
  return expectBody(response, 'eventStatus', what);
}

/** Query of GET /events (exactly one of user_id / correlation_id). */
export interface ListQuery {
  user_id?: string;
  correlation_id?: string;
  from?: string;
  to?: string;
  limit?: number;
  cursor?: string;
}

/** GET /events: one page. */
export async function listEvents(api: ApiClient, query: ListQuery): Promise<EventList> {
  const response = await api.request({
    method: 'GET',
    path: '/events',
    query: {
      user_id: query.user_id,
      correlation_id: query.correlation_id,
      from: query.from,
      to: query.to,
      limit: query.limit === undefined ? undefined : String(query.limit),
      cursor: query.cursor,
    },
  });
  if (response.status !== 200) throw apiFailure('GET /events', response);
  return expectBody(response, 'eventList', 'GET /events');
}

/** The outcome of sending many events in batches. */
export interface BatchSendSummary {
  /** Event ids the API enqueued. */
  accepted: string[];
  /** Items the API rejected as invalid, by position in the input. */
  rejected: Array<{ index: number; error: ApiErrorInfo }>;
  /** Items that could not be enqueued even after retries. */
  failed: Array<{ index: number; reason: string }>;
  requests: number;
}

/** Options of {@link sendInBatches}. */
export interface BatchSendOptions {
  batchSize: number;
  /** Attempts per batch on 429/503 and for retryable items (1 = no retry). */
  attempts: number;
  onProgress?: (sent: number) => void;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function retryDelayMs(response: ApiResponse | undefined, attempt: number): number {
  const header = Number(response?.headers.get('retry-after'));
  if (Number.isFinite(header) && header > 0) return Math.min(header, 10) * 1000;
  return Math.min(200 * 2 ** attempt, 5000);
}

/**
 * Sends events with POST /events/batch in chunks of at most `batchSize` (≤ 500),
 * one chunk at a time. A throttled (429) or unavailable (503) chunk and items
 * reported `failed` (retryable) are re-sent up to `attempts` times; re-sending is
 * safe because the event id is the idempotency key.
 */
export async function sendInBatches(
  api: ApiClient,
  events: EventInput[],
  options: BatchSendOptions,
): Promise<BatchSendSummary> {
  const size = Math.min(Math.max(options.batchSize, 1), maxBatchEvents);
  const sleep = options.sleep ?? defaultSleep;
  const summary: BatchSendSummary = { accepted: [], rejected: [], failed: [], requests: 0 };
  let done = 0;
  for (let start = 0; start < events.length; start += size) {
    let pending = events.slice(start, start + size).map((event, offset) => ({
      index: start + offset,
      event,
    }));
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      const response = await api.request({
        method: 'POST',
        path: '/events/batch',
        body: { events: pending.map((item) => item.event) },
      });
      summary.requests += 1;
      const retryable = response.status === 429 || response.status === 503;
      if (retryable && attempt < options.attempts) {
        await sleep(retryDelayMs(response, attempt));
        continue;
      }
      if (response.status !== 202) {
        if (!retryable) throw apiFailure('POST /events/batch', response);
        const reason = errorInfoOf(response.body)?.code ?? `HTTP_${response.status}`;
        summary.failed.push(...pending.map((item) => ({ index: item.index, reason })));
        break;
      }
      const result = expectBody(response, 'batchResult', 'POST /events/batch');
      const retry: typeof pending = [];
      result.results.forEach((item, position) => {
        const original = pending[position];
        if (!original) return;
        if (item.status === 'enqueued') summary.accepted.push(item.event_id);
        else if (item.status === 'rejected') {
          summary.rejected.push({ index: original.index, error: errorInfoOf(item) ?? fallback });
        } else if (attempt < options.attempts) retry.push(original);
        else summary.failed.push({ index: original.index, reason: item.error?.code ?? 'FAILED' });
      });
      pending = retry;
      if (pending.length > 0) await sleep(retryDelayMs(undefined, attempt));
    }
    done = Math.min(events.length, start + size);
    options.onProgress?.(done);
  }
  return summary;
}

const fallback: ApiErrorInfo = { code: 'REJECTED', message: 'rejected', details: [] };
