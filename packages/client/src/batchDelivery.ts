import { ApiError, FluxaError, ResponseError } from './errors';
import type { IdentifiedEvent } from './eventIds';
import type { ApiErrorInfo } from './generated/types';
import { pauseBeforeRetry, type RetryScope } from './retry';
import type { Transport } from './transport';

/**
 * An event in the buffer: serialized once, when it was enqueued — what is sent is what it
 * was then, whatever the caller does with its object afterwards.
 */
export interface BufferedEvent {
  eventId: string;
  /** Its JSON text (with its `event_id`), as it goes into a batch body. */
  json: string;
  /** UTF-8 bytes of `json`. */
  bytes: number;
}

/** An event the client could not deliver, and why. */
export interface UndeliveredEvent {
  /** The event as it was enqueued, with its `event_id`. */
  event: IdentifiedEvent;
  /**
   * `rejected`: the service refused it (a violation, a key without the `write` scope, …):
   * sending it again would fail the same way. `failed`: it could not be delivered before the
   * retry deadline (the service unavailable, throttling, no network): sending it again later
   * is safe and stores it once.
   */
  outcome: 'rejected' | 'failed';
  /** The last error: an {@link ApiError} with the service's code and violations, or a {@link NetworkError}. */
  error: FluxaError;
}

/** How a batch ended: the ids the service enqueued, and the events it did not. */
export interface DeliveredBatch {
  delivered: string[];
  undelivered: UndeliveredEvent[];
}

/** Bytes a batch body adds around its events: `{"events":[` and `]}`. */
export const batchBodyOverhead = '{"events":[]}'.length;

/** The body of POST /events/batch for these events, built from their JSON texts. */
export function batchBody(events: readonly BufferedEvent[]): string {
  return `{"events":[${events.map((item) => item.json).join(',')}]}`;
}

/**
 * Sends buffered events with POST /events/batch until every one is enqueued or given up:
 * the request is retried on 408/429/502/503/504 and network failures, items the service
 * answers `failed` (retryable) are sent again, and a batch refused as too large (413) is
 * split in halves — all within the retry deadline counted from the first attempt. Resending
 * is safe: each event keeps its `event_id`. Never rejects: every event ends delivered or in
 * `undelivered` with its reason.
 */
export async function deliverBatch(
  transport: Transport,
  events: readonly BufferedEvent[],
): Promise<DeliveredBatch> {
  const outcome: DeliveredBatch = { delivered: [], undelivered: [] };
  await deliver(transport, events, { startedAt: Date.now() }, outcome);
  return outcome;
}

async function deliver(
  transport: Transport,
  events: readonly BufferedEvent[],
  scope: RetryScope,
  outcome: DeliveredBatch,
): Promise<void> {
  let pending = events;
  for (let attempt = 1; pending.length > 0; attempt += 1) {
    let results: BatchItem[];
    let correlationId: string | undefined;
    try {
      const answer = await transport.request(
        { method: 'POST', path: '/events/batch', json: batchBody(pending) },
        scope,
      );
      results = batchItems(answer.body, pending.length, answer.correlationId);
      correlationId = answer.correlationId;
    } catch (error) {
      if (error instanceof ApiError && error.status === 413 && pending.length > 1) {
        const half = Math.ceil(pending.length / 2);
        await deliver(transport, pending.slice(0, half), scope, outcome);
        await deliver(transport, pending.slice(half), scope, outcome);
        return;
      }
      // Only the service's own refusal is a rejection; anything else may have been
      // transient, and a later resend is safe.
      const reason = asFluxaError(error);
      const refused = reason instanceof ApiError && !reason.retryable;
      giveUp(outcome, pending, refused ? 'rejected' : 'failed', reason);
      return;
    }
    const retry: BufferedEvent[] = [];
    let retryReason: FluxaError | undefined;
    pending.forEach((item, index) => {
      const result = results[index];
      if (result?.status === 'enqueued') {
        outcome.delivered.push(item.eventId);
      } else if (result?.status === 'rejected') {
        const error = itemError(result.error, item, correlationId, false);
        outcome.undelivered.push({ event: eventOf(item), outcome: 'rejected', error });
      } else {
        retry.push(item);
        retryReason ??= itemError(result?.error, item, correlationId, true);
      }
    });
    if (retryReason === undefined) return;
    const policy = transport.config.retry;
    if (!(await pauseBeforeRetry(policy, scope, 'POST /events/batch', attempt, retryReason))) {
      giveUp(outcome, retry, 'failed', retryReason);
      return;
    }
    pending = retry;
  }
}

function giveUp(
  outcome: DeliveredBatch,
  events: readonly BufferedEvent[],
  reason: UndeliveredEvent['outcome'],
  error: FluxaError,
): void {
  for (const item of events)
    outcome.undelivered.push({ event: eventOf(item), outcome: reason, error });
}

/** The event a buffered one was (parsed back only for the few that are reported). */
function eventOf(item: BufferedEvent): IdentifiedEvent {
  return JSON.parse(item.json) as IdentifiedEvent;
}

/** One item of a batch answer, as far as the client relies on it. */
interface BatchItem {
  status: 'enqueued' | 'rejected' | 'failed';
  error?: ApiErrorInfo;
}

/**
 * The per-item results of a 202 batch answer, by request position; an answer of another
 * shape (or with a result missing) is a {@link ResponseError}, which fails the whole batch.
 */
function batchItems(body: unknown, count: number, correlationId: string | undefined): BatchItem[] {
  const results = (body as { results?: unknown } | undefined)?.results;
  const items = new Array<BatchItem | undefined>(count).fill(undefined);
  let found = 0;
  for (const result of Array.isArray(results) ? results : []) {
    const { index, status } = (result ?? {}) as { index?: unknown; status?: unknown };
    const known = status === 'enqueued' || status === 'rejected' || status === 'failed';
    if (!known || typeof index !== 'number' || items[index] !== undefined) continue;
    if (index >= 0 && index < count) {
      items[index] = result as BatchItem;
      found += 1;
    }
  }
  if (found !== count) {
    throw new ResponseError({
      code: 'UNEXPECTED_RESPONSE',
      message: `POST /events/batch: the answer does not hold a result for each of the ${count} events`,
      status: 202,
      correlationId,
      method: 'POST',
      path: '/events/batch',
    });
  }
  return items as BatchItem[];
}

function itemError(
  info: ApiErrorInfo | undefined,
  item: BufferedEvent,
  correlationId: string | undefined,
  retryable: boolean,
): ApiError {
  const code = info?.code ?? (retryable ? 'SERVICE_UNAVAILABLE' : 'VALIDATION_FAILED');
  const message = info?.message ?? (retryable ? 'could not be enqueued' : 'rejected');
  return new ApiError({
    code,
    message: `event ${item.eventId}: ${code} ${message}`,
    details: info?.details ?? [],
    correlationId,
    retryable,
    method: 'POST',
    path: '/events/batch',
  });
}

function asFluxaError(error: unknown): FluxaError {
  if (error instanceof FluxaError) return error;
  return new FluxaError({
    code: 'CLIENT_ERROR',
    message: `POST /events/batch: ${error instanceof Error ? error.message : String(error)}`,
    method: 'POST',
    path: '/events/batch',
    cause: error,
  });
}
