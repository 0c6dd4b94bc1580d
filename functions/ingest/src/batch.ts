import { authorize, HttpError, jsonBodyText, jsonResponse, type RequestScope } from '@fluxa/http';
import { type BatchResult, validateBatchRequest, validateEvent } from '@fluxa/models';
import { sendMessages } from '@fluxa/queue';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { eventTooLarge, parseBody, storeLargePayload, unavailable } from './common';
import type { IngestDeps } from './deps';
import { type PreparedEvent, prepareEvent } from './prepare';

/** A whole batch body is at most this after gunzip. */
const maxBatchBytes = 5 * 1024 * 1024;

/**
 * ...and at most this as sent: API Gateway passes the body base64-encoded (4 MiB become
 * 5.3 MiB) in an event Lambda takes only up to 6 MB, so a larger body would fail before
 * ingest ever ran.
 */
const maxBatchWireBytes = 4 * 1024 * 1024;

type ItemResult = BatchResult['results'][number];

/** Validates and prepares each item on its own: the prepared ones, and a result for every rejected one. */
function prepareItems(
  events: unknown[],
  parsed: ReturnType<typeof parseBody>,
  context: { tenantId: string; correlationId: string; receivedAt: Date; deps: IngestDeps },
): { prepared: { index: number; event: PreparedEvent }[]; rejected: ItemResult[] } {
  const prepared: { index: number; event: PreparedEvent }[] = [];
  const rejected: ItemResult[] = [];
  const { tenantId, correlationId, receivedAt, deps } = context;
  events.forEach((item, index) => {
    const checked = validateEvent(item, { now: receivedAt, inexact: parsed.inexact });
    if (!checked.ok) {
      const error = { code: 'VALIDATION_FAILED' as const, message: 'event failed validation' };
      rejected.push({
        index,
        status: 'rejected',
        error: { ...error, details: checked.violations },
      });
      return;
    }
    const event = prepareEvent(checked.event, {
      tenantId,
      correlationId,
      receivedAt,
      config: deps.config,
    });
    if (event.payloadBytes <= deps.config.maxEventBytes) {
      prepared.push({ index, event });
    } else {
      const { code, message } = eventTooLarge(deps.config);
      rejected.push({ index, status: 'rejected', error: { code, message } });
    }
  });
  return { prepared, rejected };
}

/** Stores the large payloads, then sends every message whose payload is in place: an outcome per item. */
async function enqueue(
  prepared: { index: number; event: PreparedEvent }[],
  { logger }: RequestScope,
  deps: IngestDeps,
): Promise<ItemResult[]> {
  const stored = await Promise.all(
    prepared.map(({ event }) =>
      storeLargePayload(event, deps).then(
        () => true,
        (error: unknown) => {
          logger.error({ err: error, event_id: event.eventId }, 'payload store failed');
          return false;
        },
      ),
    ),
  );
  const sendable = prepared.filter((_, i) => stored[i]);
  const outcomes = await sendMessages(
    deps.sqs,
    deps.config.queueUrl,
    sendable.map(({ event }) => event.message),
    deps.config.sqsMaxMessageBytes,
  );
  const sent = new Map(sendable.map(({ index }, i) => [index, outcomes[i]]));
  return prepared.map(({ index, event }): ItemResult => {
    const outcome = sent.get(index);
    if (outcome?.ok) return { index, status: 'enqueued', event_id: event.eventId };
    const reason = outcome?.reason ?? 'payload store failed';
    logger.error({ event_id: event.eventId, reason }, 'enqueue failed');
    return { index, status: 'failed', event_id: event.eventId, retryable: true };
  });
}

/**
 * POST /events/batch: each event is validated on its own against the same rules and limits
 * as POST /events; the valid ones are enqueued with SendMessageBatch; the answer has one
 * result per item, in request order. 503 only when every valid item failed to enqueue.
 */
export async function ingestBatch(
  scope: RequestScope,
  receivedAt: Date,
  deps: IngestDeps,
): Promise<APIGatewayProxyResult> {
  const { tenantId } = authorize(scope.request, 'write');
  const parsed = parseBody(jsonBodyText(scope.request, maxBatchBytes, maxBatchWireBytes));
  const batch = validateBatchRequest(parsed.value);
  if (!batch.ok) {
    const message = 'body must be {"events":[…]} with 1–500 events';
    throw new HttpError(400, 'VALIDATION_FAILED', message, batch.violations);
  }
  const { correlationId } = scope;
  const { prepared, rejected } = prepareItems(batch.value.events, parsed, {
    tenantId,
    correlationId,
    receivedAt,
    deps,
  });
  deps.metrics.count('batch_size', batch.value.events.length);
  const enqueued = await enqueue(prepared, scope, deps);
  const results = [...rejected, ...enqueued].sort((a, b) => a.index - b.index);
  const accepted = enqueued.filter((r) => r.status === 'enqueued').length;
  deps.metrics.count('sqs_sent', accepted);
  deps.metrics.count('ingest_success', accepted);
  if (rejected.length > 0)
    deps.metrics.count('ingest_failure', rejected.length, 'VALIDATION_FAILED');
  if (prepared.length > 0 && accepted === 0) throw unavailable();
  if (accepted < prepared.length) {
    deps.metrics.count('ingest_failure', prepared.length - accepted, 'SERVICE_UNAVAILABLE');
  }
  scope.logger.info(
    { accepted, rejected: rejected.length, failed: prepared.length - accepted },
    'batch processed',
  );
  return jsonResponse(202, { accepted, rejected: rejected.length, results }, correlationId);
}
