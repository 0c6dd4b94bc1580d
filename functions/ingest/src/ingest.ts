import {
  authorize,
  createHttpHandler,
  HttpError,
  jsonBodyText,
  jsonResponse,
  noRoute,
  type RequestScope,
} from '@fluxa/http';
import { validateEvent } from '@fluxa/models';
import { sendMessage } from '@fluxa/queue';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { ingestBatch } from './batch';
import { eventTooLarge, parseBody, storeLargePayload, unavailable } from './common';
import type { IngestDeps } from './deps';
import { prepareEvent } from './prepare';

/** Builds the ingest handler: POST /events and POST /events/batch. */
export function createIngestHandler(deps: IngestDeps) {
  const now = deps.now ?? (() => new Date());
  return createHttpHandler(
    {
      logger: deps.logger,
      stage: deps.config.stage,
      onResponse: (_status, code, elapsedMs) => {
        if (code) deps.metrics.count('ingest_failure', 1, code);
        deps.metrics.timing('ingest_latency_ms', elapsedMs);
      },
      finish: () => deps.metrics.flush(),
    },
    async (scope) => {
      const { request } = scope;
      if (request.method === 'POST' && request.resource === '/events') {
        return ingestOne(scope, now(), deps);
      }
      if (request.method === 'POST' && request.resource === '/events/batch') {
        return ingestBatch(scope, now(), deps);
      }
      throw noRoute(request);
    },
  );
}

async function ingestOne(
  { request, correlationId, logger }: RequestScope,
  receivedAt: Date,
  deps: IngestDeps,
): Promise<APIGatewayProxyResult> {
  const { tenantId } = authorize(request, 'write');
  const parsed = parseBody(jsonBodyText(request, deps.config.maxEventBytes));
  const result = validateEvent(parsed.value, { now: receivedAt, inexact: parsed.inexact });
  if (!result.ok) {
    throw new HttpError(400, 'VALIDATION_FAILED', 'event failed validation', result.violations);
  }
  const prepared = prepareEvent(result.event, {
    tenantId,
    correlationId,
    receivedAt,
    config: deps.config,
  });
  if (prepared.payloadBytes > deps.config.maxEventBytes) throw eventTooLarge(deps.config);
  try {
    await storeLargePayload(prepared, deps);
    await sendMessage(deps.sqs, deps.config.queueUrl, prepared.message);
  } catch (error) {
    logger.error({ err: error, event_id: prepared.eventId }, 'enqueue failed');
    throw unavailable();
  }
  deps.metrics.count('sqs_sent');
  deps.metrics.count('ingest_success');
  const mode = prepared.s3Object ? 'S3' : 'INLINE';
  logger.info({ event_id: prepared.eventId, payload_mode: mode }, 'event enqueued');
  return jsonResponse(
    202,
    { event_id: prepared.eventId, status: 'enqueued', correlation_id: correlationId },
    correlationId,
  );
}
