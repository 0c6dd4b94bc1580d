import {
  authorize,
  createHttpHandler,
  HttpError,
  jsonBodyText,
  jsonResponse,
  noRoute,
  type RequestScope,
} from '@fluxa/http';
import { userSha256, validateEvent } from '@fluxa/models';
import { suppressionLists } from '@fluxa/storage';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { ingestBatch } from './batch';
import { parseBody } from './body';
import type { IngestDeps } from './deps';
import { enqueue } from './enqueue';
import { eventTooLarge, unavailable, userSuppressed } from './errors';
import { type IngestContext, prepareEvent } from './prepare';

type Route = (
  scope: RequestScope,
  context: IngestContext,
  deps: IngestDeps,
) => Promise<APIGatewayProxyResult>;

/** The POST routes, by API Gateway resource template. */
const routes: Record<string, Route> = {
  '/events': (scope, context, deps) => ingestOne(scope, context, deps),
  '/events/batch': (scope, context, deps) => ingestBatch(scope, context, deps),
};

/** Builds the ingest handler: POST /events and POST /events/batch. */
export function createIngestHandler(deps: IngestDeps) {
  const now = deps.now ?? (() => new Date());
  const suppressions =
    deps.suppressions ??
    suppressionLists(
      deps.s3,
      deps.config.payloadBucket,
      deps.config.suppressionCacheSeconds * 1000,
    );
  return createHttpHandler(
    {
      logger: deps.logger,
      stage: deps.config.stage,
      onResponse: (_status, code, elapsedMs, request) => {
        const tenant = request.caller ? { tenant_id: request.caller.tenantId } : {};
        if (code) deps.metrics.count('ingest_failure', 1, { error: code, ...tenant });
        deps.metrics.timing('ingest_latency_ms', elapsedMs);
      },
      finish: () => deps.metrics.flush(),
    },
    async (scope) => {
      const { request } = scope;
      const route = request.method === 'POST' ? routes[request.resource] : undefined;
      if (!route) throw noRoute(request);
      const { tenantId } = authorize(request, 'write');
      const context: IngestContext = {
        tenantId,
        correlationId: scope.correlationId,
        receivedAt: now(),
        ...(request.headers.traceparent ? { traceparent: request.headers.traceparent } : {}),
        suppressed: await suppressions(tenantId),
        config: deps.config,
      };
      return route(scope, context, deps);
    },
  );
}

/** POST /events: one event, validated, enqueued; 503 when it could not be (nothing accepted). */
async function ingestOne(
  { request, correlationId, logger }: RequestScope,
  context: IngestContext,
  deps: IngestDeps,
): Promise<APIGatewayProxyResult> {
  const parsed = parseBody(jsonBodyText(request, deps.config.maxEventBytes));
  const result = validateEvent(parsed.value, { now: context.receivedAt, inexact: parsed.inexact });
  if (!result.ok) {
    throw new HttpError(400, 'VALIDATION_FAILED', 'event failed validation', {
      details: result.violations,
    });
  }
  if (context.suppressed.has(userSha256(context.tenantId, result.event.user_id))) {
    throw userSuppressed();
  }
  const prepared = prepareEvent(result.event, context);
  if (prepared.payloadBytes > deps.config.maxEventBytes) throw eventTooLarge(deps.config);
  const [outcome] = await enqueue([prepared], deps, logger);
  if (!outcome?.ok) throw unavailable();
  deps.metrics.count('sqs_sent');
  deps.metrics.count('ingest_success', 1, { tenant_id: context.tenantId });
  const mode = prepared.s3Object ? 'S3' : 'INLINE';
  logger.info({ event_id: prepared.eventId, payload_mode: mode }, 'event enqueued');
  return jsonResponse(
    202,
    { event_id: prepared.eventId, status: 'enqueued', correlation_id: correlationId },
    correlationId,
  );
}
