import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { IngestConfig } from '@fluxa/config';
import {
  correlationIdFrom,
  errorResponse,
  HttpError,
  type HttpRequest,
  jsonBodyText,
  jsonResponse,
  parseRequest,
} from '@fluxa/http';
import { type Logger, withContext } from '@fluxa/logging';
import type { Metrics } from '@fluxa/metrics';
import { type BatchResult, parseJson, validateBatchRequest, validateEvent } from '@fluxa/models';
import { sendMessage, sendMessages } from '@fluxa/queue';
import { putPayload } from '@fluxa/storage';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { type PreparedEvent, prepareEvent } from './prepare';

export interface IngestDeps {
  config: IngestConfig;
  sqs: SQSClient;
  s3: S3Client;
  logger: Logger;
  metrics: Metrics;
  now?: () => Date;
}

/** POST /events/batch limits (SPEC §3). */
const maxBatchBytes = 5 * 1024 * 1024;

/** Builds the ingest handler: POST /events and POST /events/batch. */
export function createIngestHandler(deps: IngestDeps) {
  const now = deps.now ?? (() => new Date());
  return async (event: APIGatewayProxyEvent, context?: Context): Promise<APIGatewayProxyResult> => {
    const started = performance.now();
    const request = parseRequest(event);
    const correlationId = correlationIdFrom(request.headers);
    const logger = withContext(deps.logger, {
      correlation_id: correlationId,
      request_id: request.requestId,
      aws_request_id: context?.awsRequestId,
      stage: deps.config.stage,
    });
    try {
      if (request.method === 'POST' && request.resource === '/events') {
        return await ingestOne(request, correlationId, now(), deps, logger);
      }
      if (request.method === 'POST' && request.resource === '/events/batch') {
        return await ingestBatch(request, correlationId, now(), deps, logger);
      }
      throw new HttpError(404, 'NOT_FOUND', `no route for ${request.method} ${request.path}`);
    } catch (error) {
      return failureResponse(error, correlationId, deps.metrics, logger);
    } finally {
      deps.metrics.timing('ingest_latency_ms', performance.now() - started);
      await deps.metrics.flush();
    }
  };
}

async function ingestOne(
  request: HttpRequest,
  correlationId: string,
  receivedAt: Date,
  deps: IngestDeps,
  logger: Logger,
): Promise<APIGatewayProxyResult> {
  const parsed = parseBody(jsonBodyText(request, deps.config.maxEventBytes));
  const result = validateEvent(parsed.value, { now: receivedAt, inexact: parsed.inexact });
  if (!result.ok) {
    throw new HttpError(400, 'VALIDATION_FAILED', 'event failed validation', result.violations);
  }
  const prepared = prepareEvent(result.event, { correlationId, receivedAt, config: deps.config });
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
  logger.info({ event_id: prepared.eventId, payload_mode: mode(prepared) }, 'event enqueued');
  return jsonResponse(
    202,
    { event_id: prepared.eventId, status: 'enqueued', correlation_id: correlationId },
    correlationId,
  );
}

async function ingestBatch(
  request: HttpRequest,
  correlationId: string,
  receivedAt: Date,
  deps: IngestDeps,
  logger: Logger,
): Promise<APIGatewayProxyResult> {
  const parsed = parseBody(jsonBodyText(request, maxBatchBytes));
  const batch = validateBatchRequest(parsed.value);
  if (!batch.ok) {
    throw new HttpError(
      400,
      'VALIDATION_FAILED',
      'body must be {"events":[…]} with 1–500 events',
      batch.violations,
    );
  }
  const results: BatchResult['results'] = [];
  const prepared: { index: number; event: PreparedEvent }[] = [];
  batch.value.events.forEach((item, index) => {
    const checked = validateEvent(item, { now: receivedAt, inexact: parsed.inexact });
    const event = checked.ok
      ? prepareEvent(checked.event, { correlationId, receivedAt, config: deps.config })
      : undefined;
    if (event && event.payloadBytes <= deps.config.maxEventBytes) {
      prepared.push({ index, event });
    } else if (event) {
      const { code, message } = eventTooLarge(deps.config);
      results[index] = { index, status: 'rejected', error: { code, message } };
    } else if (!checked.ok) {
      results[index] = {
        index,
        status: 'rejected',
        error: {
          code: 'VALIDATION_FAILED',
          message: 'event failed validation',
          details: checked.violations,
        },
      };
    }
  });
  deps.metrics.count('batch_size', batch.value.events.length);
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
  for (const { index, event } of prepared) {
    const outcome = sent.get(index);
    if (outcome?.ok) {
      results[index] = { index, status: 'enqueued', event_id: event.eventId };
    } else {
      results[index] = { index, status: 'failed', event_id: event.eventId, retryable: true };
      logger.error(
        { event_id: event.eventId, reason: outcome?.reason ?? 'payload store failed' },
        'enqueue failed',
      );
    }
  }
  const accepted = results.filter((r) => r.status === 'enqueued').length;
  const rejected = results.filter((r) => r.status === 'rejected').length;
  deps.metrics.count('sqs_sent', accepted);
  deps.metrics.count('ingest_success', accepted);
  if (rejected > 0) deps.metrics.count('ingest_failure', rejected, 'VALIDATION_FAILED');
  if (prepared.length > 0 && accepted === 0) throw unavailable();
  if (accepted < prepared.length)
    deps.metrics.count('ingest_failure', prepared.length - accepted, 'SERVICE_UNAVAILABLE');
  logger.info({ accepted, rejected, failed: prepared.length - accepted }, 'batch processed');
  return jsonResponse(202, { accepted, rejected, results }, correlationId);
}

/** Puts an over-the-limit payload in S3; the message that points at it is sent after. */
async function storeLargePayload(prepared: PreparedEvent, deps: IngestDeps): Promise<void> {
  if (!prepared.s3Object) {
    deps.metrics.count('payload_inline_count');
    return;
  }
  const { bucket, key, payload, sha256 } = prepared.s3Object;
  await putPayload(deps.s3, { bucket, key }, payload, sha256);
  deps.metrics.count('s3_puts');
  deps.metrics.count('payload_s3_count');
}

function parseBody(text: string) {
  const parsed = parseJson(text);
  if (!parsed.ok) throw new HttpError(400, 'INVALID_JSON', parsed.message);
  return parsed;
}

/** The per-event size limit, the same for POST /events and for each item of a batch. */
const eventTooLarge = (config: IngestConfig) =>
  new HttpError(
    413,
    'PAYLOAD_TOO_LARGE',
    `the event exceeds ${config.maxEventBytes} bytes (MAX_EVENT_BYTES)`,
  );
const mode = (prepared: PreparedEvent) => (prepared.s3Object ? 'S3' : 'INLINE');
const unavailable = () =>
  new HttpError(
    503,
    'SERVICE_UNAVAILABLE',
    'the event queue is unavailable; nothing was accepted, retrying is safe',
    undefined,
    {
      'Retry-After': '1',
    },
  );

function failureResponse(error: unknown, correlationId: string, metrics: Metrics, logger: Logger) {
  if (error instanceof HttpError) {
    metrics.count('ingest_failure', 1, error.code);
    if (error.status >= 500) logger.warn({ code: error.code }, error.message);
    return errorResponse(error.status, error.code, error.message, correlationId, {
      details: error.details,
      headers: error.headers,
    });
  }
  metrics.count('ingest_failure', 1, 'INTERNAL');
  logger.error({ err: error }, 'unexpected ingest failure');
  return errorResponse(500, 'INTERNAL', 'internal error', correlationId);
}
