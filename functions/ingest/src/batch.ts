import { HttpError, jsonBodyText, jsonResponse, type RequestScope } from '@fluxa/http';
import { type BatchResult, userSha256, validateBatchRequest, validateEvent } from '@fluxa/models';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { parseBody } from './body';
import type { IngestDeps } from './deps';
import { enqueue } from './enqueue';
import { eventTooLarge, unavailable, userSuppressed } from './errors';
import { type IngestContext, type PreparedEvent, prepareEvent } from './prepare';

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
  inexact: ReturnType<typeof parseBody>['inexact'],
  context: IngestContext,
): { prepared: { index: number; event: PreparedEvent }[]; rejected: ItemResult[] } {
  const prepared: { index: number; event: PreparedEvent }[] = [];
  const rejected: ItemResult[] = [];
  events.forEach((item, index) => {
    const checked = validateEvent(item, { now: context.receivedAt, inexact });
    if (!checked.ok) {
      const error = { code: 'VALIDATION_FAILED' as const, message: 'event failed validation' };
      rejected.push({
        index,
        status: 'rejected',
        error: { ...error, details: checked.violations },
      });
      return;
    }
    if (context.suppressed.has(userSha256(context.tenantId, checked.event.user_id))) {
      const { code, message, details } = userSuppressed();
      rejected.push({
        index,
        status: 'rejected',
        error: { code, message, ...(details ? { details } : {}) },
      });
      return;
    }
    const event = prepareEvent(checked.event, context);
    if (event.payloadBytes <= context.config.maxEventBytes) {
      prepared.push({ index, event });
    } else {
      const { code, message } = eventTooLarge(context.config);
      rejected.push({ index, status: 'rejected', error: { code, message } });
    }
  });
  return { prepared, rejected };
}

/**
 * POST /events/batch: each event is validated on its own against the same rules and limits
 * as POST /events; the valid ones are enqueued with SendMessageBatch; the answer has one
 * result per item, in request order. 503 only when every valid item failed to enqueue.
 */
export async function ingestBatch(
  { request, correlationId, logger }: RequestScope,
  context: IngestContext,
  deps: IngestDeps,
): Promise<APIGatewayProxyResult> {
  const parsed = parseBody(jsonBodyText(request, maxBatchBytes, maxBatchWireBytes));
  const batch = validateBatchRequest(parsed.value);
  if (!batch.ok) {
    const message = 'body must be {"events":[…]} with 1–500 events';
    throw new HttpError(400, 'VALIDATION_FAILED', message, { details: batch.violations });
  }
  const { prepared, rejected } = prepareItems(batch.value.events, parsed.inexact, context);
  deps.metrics.count('batch_size', batch.value.events.length);
  const outcomes = await enqueue(
    prepared.map((p) => p.event),
    deps,
    logger,
  );
  const enqueued = prepared.map(({ index, event }, i): ItemResult => {
    const event_id = event.eventId;
    if (outcomes[i]?.ok) return { index, status: 'enqueued', event_id };
    return { index, status: 'failed', event_id, retryable: true };
  });
  const results = [...rejected, ...enqueued].sort((a, b) => a.index - b.index);
  const accepted = enqueued.filter((r) => r.status === 'enqueued').length;
  const tenant_id = context.tenantId;
  deps.metrics.count('sqs_sent', accepted);
  deps.metrics.count('ingest_success', accepted, { tenant_id });
  if (rejected.length > 0)
    deps.metrics.count('ingest_failure', rejected.length, {
      error: 'VALIDATION_FAILED',
      tenant_id,
    });
  if (prepared.length > 0 && accepted === 0) throw unavailable();
  if (accepted < prepared.length) {
    deps.metrics.count('ingest_failure', prepared.length - accepted, {
      error: 'SERVICE_UNAVAILABLE',
      tenant_id,
    });
  }
  logger.info(
    { accepted, rejected: rejected.length, failed: prepared.length - accepted },
    'batch processed',
  );
  return jsonResponse(202, { accepted, rejected: rejected.length, results }, correlationId);
}
