import { type Route, routes } from '@fluxa/models';

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
