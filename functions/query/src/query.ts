import type { QueryConfig } from '@fluxa/config';
import {
  databaseUnavailable,
  type EventKey,
  getEvent,
  getEventStatus,
  InvalidCursorError,
  listEvents,
  type Sql,
} from '@fluxa/db';
import {
  authorize,
  createHttpHandler,
  HttpError,
  type HttpRequest,
  jsonResponse,
  noRoute,
  refuseQueryParameters,
} from '@fluxa/http';
import type { Logger } from '@fluxa/logging';
import type { Metrics } from '@fluxa/metrics';
import {
  type Health,
  isValidEventId,
  openApiDocument,
  releaseVersion,
  validateListQuery,
} from '@fluxa/models';

export interface QueryDeps {
  config: QueryConfig;
  /** The container's read-only pool, opened on first use. */
  database: () => Promise<Sql>;
  logger: Logger;
  metrics: Metrics;
  /** How long one readiness probe's outcome answers /health/ready (default 5 s). */
  readinessIntervalMs?: number;
  /** Milliseconds clock; tests pass their own. */
  now?: () => number;
}

type RouteDeps = QueryDeps & { probeReadiness: () => Promise<void> };
type Route = (request: HttpRequest, deps: RouteDeps) => Promise<{ status: number; body: unknown }>;

const defaultReadinessIntervalMs = 5_000;

/**
 * /health/ready is anonymous, so it must not let anyone make the database
 * work: a container probes at most once per interval (one `select 1` on its own
 * pool, no extra connection), and every request in that interval, concurrent
 * or not, shares that probe's outcome, failure included.
 */
function readinessProbe(deps: QueryDeps): () => Promise<void> {
  const intervalMs = deps.readinessIntervalMs ?? defaultReadinessIntervalMs;
  const now = deps.now ?? Date.now;
  let last: { startedAt: number; outcome: Promise<void> } | undefined;
  return () => {
    const time = now();
    if (!last || time - last.startedAt >= intervalMs) {
      const outcome = deps.database().then(async (sql) => {
        await sql`select 1`;
      });
      outcome.catch(() => {});
      last = { startedAt: time, outcome };
    }
    return last.outcome;
  };
}

/** GET routes by API Gateway resource template. */
const routes: Record<string, Route> = {
  '/health': async () => {
    const body: Health = { status: 'healthy', version: releaseVersion };
    return { status: 200, body };
  },
  '/openapi.json': async () => ({ status: 200, body: openApiDocument }),
  '/health/ready': async (_request, deps) => {
    try {
      await deps.probeReadiness();
    } catch (error) {
      deps.logger.warn({ err: error }, 'readiness check failed');
      throw new HttpError(503, 'SERVICE_UNAVAILABLE', 'readiness check failed: database');
    }
    return { status: 200, body: { status: 'ready', checks: { database: 'ok' } } };
  },
  '/events/{event_id}': async (request, deps) => {
    const key = eventKeyOf(request);
    refuseQueryParameters(request);
    const record = await getEvent(await deps.database(), key);
    if (!record) throw new HttpError(404, 'NOT_FOUND', 'no such event is persisted (yet)');
    return { status: 200, body: record };
  },
  '/events/{event_id}/status': async (request, deps) => {
    const key = eventKeyOf(request);
    refuseQueryParameters(request);
    const status = await getEventStatus(await deps.database(), key);
    if (!status)
      throw new HttpError(
        404,
        'NOT_FOUND',
        'the processor has not seen this event (it may still be queued)',
      );
    return { status: 200, body: status };
  },
  '/events': async (request, deps) => {
    const { tenantId } = authorize(request, 'read');
    const query = validateListQuery(request.query);
    if (!query.ok) {
      throw new HttpError(400, 'VALIDATION_FAILED', 'invalid query parameters', {
        details: query.violations,
      });
    }
    try {
      const page = await listEvents(await deps.database(), tenantId, query.value);
      return { status: 200, body: page };
    } catch (error) {
      if (!(error instanceof InvalidCursorError)) throw error;
      throw new HttpError(400, 'VALIDATION_FAILED', 'invalid query parameters', {
        details: [{ field: 'cursor', code: 'INVALID_VALUE', reason: error.message }],
      });
    }
  },
};

/**
 * The caller's tenant and the path's event id: another tenant's event is simply not found
 * (404, never 403: whether it exists is not revealed).
 */
function eventKeyOf(request: HttpRequest): EventKey {
  const { tenantId } = authorize(request, 'read');
  const id = request.pathParameters.event_id ?? '';
  if (!isValidEventId(id)) {
    throw new HttpError(
      400,
      'INVALID_EVENT_ID',
      'event id must be 1–128 characters of [A-Za-z0-9._:-], starting alphanumeric',
    );
  }
  return { tenant_id: tenantId, event_id: id };
}

/** Builds the query handler: the read-only routes of the API. */
export function createQueryHandler(deps: QueryDeps) {
  const probeReadiness = readinessProbe(deps);
  return createHttpHandler(
    {
      logger: deps.logger,
      stage: deps.config.stage,
      unavailable: databaseUnavailable,
      onResponse: (status) =>
        deps.metrics.count(
          status < 400 ? 'query_success' : status === 404 ? 'query_not_found' : 'query_failure',
        ),
      finish: () => deps.metrics.flush(),
    },
    async ({ request, correlationId, logger }) => {
      const route = request.method === 'GET' ? routes[request.resource] : undefined;
      if (!route) throw noRoute(request);
      const { status, body } = await route(request, { ...deps, logger, probeReadiness });
      return jsonResponse(status, body, correlationId);
    },
  );
}
