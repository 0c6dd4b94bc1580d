/** A route of SPEC §3 as API Gateway declares it. */
export interface Route {
  method: 'GET' | 'POST';
  /** Resource template, e.g. `/events/{event_id}`. */
  resource: string;
  target: 'ingest' | 'query';
  apiKeyRequired: boolean;
}

/** Every route of SPEC §3, mirrored from infra/terraform/modules/stateless/api.tf. */
export const routes: Route[] = [
  { method: 'POST', resource: '/events', target: 'ingest', apiKeyRequired: true },
  { method: 'POST', resource: '/events/batch', target: 'ingest', apiKeyRequired: true },
  { method: 'GET', resource: '/events', target: 'query', apiKeyRequired: true },
  { method: 'GET', resource: '/events/{event_id}', target: 'query', apiKeyRequired: true },
  { method: 'GET', resource: '/events/{event_id}/status', target: 'query', apiKeyRequired: true },
  { method: 'GET', resource: '/health', target: 'query', apiKeyRequired: false },
  { method: 'GET', resource: '/health/ready', target: 'query', apiKeyRequired: false },
  { method: 'GET', resource: '/openapi.json', target: 'query', apiKeyRequired: false },
];

/** The matched route and its decoded path parameters, or why nothing matched. */
export type RouteMatch =
  | { kind: 'found'; route: Route; pathParameters: Record<string, string> }
  | { kind: 'method-not-allowed' }
  | { kind: 'not-found' };

/** Matches a request path as API Gateway does: literal segments first, `{param}` takes one segment. */
export function matchRoute(method: string, path: string): RouteMatch {
  const segments = path.split('/').filter(Boolean);
  let pathMatched = false;
  const candidates = routes
    .map((route) => ({ route, parameters: matchTemplate(route.resource, segments) }))
    .filter(
      (c): c is { route: Route; parameters: Record<string, string> } => c.parameters !== undefined,
    )
    .sort((a, b) => Object.keys(a.parameters).length - Object.keys(b.parameters).length);
  for (const candidate of candidates) {
    pathMatched = true;
    if (candidate.route.method === method) {
      return { kind: 'found', route: candidate.route, pathParameters: candidate.parameters };
    }
  }
  return pathMatched ? { kind: 'method-not-allowed' } : { kind: 'not-found' };
}

function matchTemplate(template: string, segments: string[]): Record<string, string> | undefined {
  const parts = template.split('/').filter(Boolean);
  if (parts.length !== segments.length) return undefined;
  const parameters: Record<string, string> = {};
  for (const [index, part] of parts.entries()) {
    const segment = segments[index] ?? '';
    if (part.startsWith('{') && part.endsWith('}')) {
      try {
        parameters[part.slice(1, -1)] = decodeURIComponent(segment);
      } catch {
        parameters[part.slice(1, -1)] = segment; // malformed %-escape: the handler answers 400
      }
    } else if (part !== segment) {
      return undefined;
    }
  }
  return parameters;
}
