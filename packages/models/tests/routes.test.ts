import { readFileSync } from 'node:fs';
import { routesJson, routesJsonFile } from '../scripts/writeRoutes';
import { routes } from '../src';

describe('the route table', () => {
  it('is what the Terraform module creates API Gateway methods from (routes.json is current)', () => {
    // Act
    const committed = readFileSync(routesJsonFile, 'utf8');

    // Assess
    expect(committed).toBe(routesJson());
    expect(JSON.parse(committed)).toEqual(routes);
  });

  it('requires a key on every route but /health* and /openapi.json', () => {
    // Act
    const anonymous = routes.filter((route) => !route.apiKeyRequired).map((r) => r.resource);

    // Assess
    expect(anonymous.sort()).toEqual(['/health', '/health/ready', '/openapi.json']);
  });

  it('gives every keyed route its scope by resource (events: write for POST, read for GET) and anonymous ones none', () => {
    // Act
    const scopeOf = (r: (typeof routes)[number]) => {
      if (!r.apiKeyRequired) return null;
      if (r.resource.startsWith('/replays')) return 'replay';
      if (r.resource.startsWith('/erasures') || r.resource.startsWith('/suppressions'))
        return 'erase';
      return r.method === 'POST' ? 'write' : 'read';
    };

    // Assess
    for (const route of routes) expect(route.scope).toBe(scopeOf(route));
  });
});
