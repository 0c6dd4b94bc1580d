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

  it('requires a key on every /events route and on nothing else', () => {
    // Act
    const keyed = routes.filter((route) => route.apiKeyRequired).map((r) => r.resource);

    // Assess
    expect(new Set(keyed)).toEqual(
      new Set(routes.map((r) => r.resource).filter((resource) => resource.startsWith('/events'))),
    );
  });

  it('gives every keyed route a scope (write for POST, read for GET) and anonymous ones none', () => {
    // Act
    const scopes = routes.map((r) => [r.method, r.apiKeyRequired, r.scope]);

    // Assess
    for (const [method, keyed, scope] of scopes) {
      expect(scope).toBe(keyed ? (method === 'POST' ? 'write' : 'read') : null);
    }
  });
});
