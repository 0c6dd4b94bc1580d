import { databaseUnavailable } from '@fluxa/db';
import {
  createHttpHandler,
  type HttpRequest,
  jsonResponse,
  noRoute,
  refuseQueryParameters,
} from '@fluxa/http';
import type { ControlDeps } from './deps';
import { liftSuppression, listTenantErasures, showErasure, startErasure } from './erasures';
import { type Answer, listTenantReplays, showReplay, startReplay } from './replays';

type Route = (request: HttpRequest, deps: ControlDeps) => Promise<Answer>;

/** The control routes, by method and API Gateway resource template. */
const routes: Record<string, Route> = {
  'POST /replays': startReplay,
  'GET /replays': listTenantReplays,
  'GET /replays/{replay_id}': showReplay,
  'POST /erasures': startErasure,
  'GET /erasures': listTenantErasures,
  'GET /erasures/{erasure_id}': showErasure,
  'DELETE /suppressions/{user_id}': liftSuppression,
};

/** Builds the control handler: what a tenant asks of its stored events (replays, erasures). */
export function createControlHandler(deps: ControlDeps) {
  return createHttpHandler(
    {
      logger: deps.logger,
      stage: deps.config.stage,
      unavailable: databaseUnavailable,
      onResponse: (status) =>
        deps.metrics.count(status < 400 ? 'control_success' : 'control_failure'),
      finish: () => deps.metrics.flush(),
    },
    async ({ request, correlationId, logger }) => {
      const route = routes[`${request.method} ${request.resource}`];
      if (!route) throw noRoute(request);
      // None of the control routes takes a query parameter.
      refuseQueryParameters(request);
      const { status, body } = await route(request, { ...deps, logger });
      return jsonResponse(status, body, correlationId);
    },
  );
}
