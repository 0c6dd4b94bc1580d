import { asCaller } from '@fluxa/testing';
import { aStoredEvent, bodyOf, createQueryWorld, get, type QueryWorld } from './helpers/world';

let world: QueryWorld;
const shared = `shared-${Date.now()}`;

beforeAll(async () => {
  world = await createQueryWorld();
  await world.store([
    aStoredEvent({ tenant_id: 'acme', event_id: shared, user_id: 'u-1', merchant: 'Acme' }),
    aStoredEvent({ tenant_id: 'globex', event_id: shared, user_id: 'u-1', merchant: 'Globex' }),
    aStoredEvent({ tenant_id: 'acme', event_id: `${shared}-only`, user_id: 'u-1' }),
  ]);
});

afterAll(async () => {
  await world.close();
});

const routes = [
  ['/events/{event_id}', { pathParameters: { event_id: shared } }],
  ['/events/{event_id}/status', { pathParameters: { event_id: shared } }],
  ['/events', { query: { user_id: 'u-1' } }],
] as const;

describe('who may read which events', () => {
  it.each(routes)(
    'answers GET %s 401 without a caller and 403 naming the read scope for a write-only key',
    async (resource, options) => {
      // Act
      const handler = world.handler();
      const anonymous = await handler(get(resource, { ...options, authorizer: {} }));
      const writeOnly = await handler(
        get(resource, { ...options, authorizer: asCaller('acme', ['write']) }),
      );

      // Assess
      expect([anonymous.statusCode, writeOnly.statusCode]).toEqual([401, 403]);
      expect(bodyOf(writeOnly)).toMatchObject({
        error: { code: 'FORBIDDEN', message: expect.stringContaining('read scope') },
      });
    },
  );

  it('serves each tenant its own event under a shared id', async () => {
    // Act
    const acme = await world.handler()(
      get('/events/{event_id}', {
        pathParameters: { event_id: shared },
        authorizer: asCaller('acme'),
      }),
    );
    const globex = await world.handler()(
      get('/events/{event_id}', {
        pathParameters: { event_id: shared },
        authorizer: asCaller('globex'),
      }),
    );

    // Assess
    expect(bodyOf(acme)).toMatchObject({ tenant_id: 'acme', merchant: 'Acme' });
    expect(bodyOf(globex)).toMatchObject({ tenant_id: 'globex', merchant: 'Globex' });
  });

  it('answers another tenant’s event 404, never 403, on the record and on its status', async () => {
    // Act
    const record = await world.handler()(
      get('/events/{event_id}', {
        pathParameters: { event_id: `${shared}-only` },
        authorizer: asCaller('globex'),
      }),
    );
    const status = await world.handler()(
      get('/events/{event_id}/status', {
        pathParameters: { event_id: `${shared}-only` },
        authorizer: asCaller('globex'),
      }),
    );

    // Assess
    expect([record.statusCode, status.statusCode]).toEqual([404, 404]);
  });

  it('lists only the caller’s tenant', async () => {
    // Act
    const page = await world.handler()(
      get('/events', { query: { user_id: 'u-1' }, authorizer: asCaller('globex') }),
    );

    // Assess
    const items = (bodyOf(page).items as { tenant_id: string; merchant: string }[]).map(
      (i) => `${i.tenant_id}:${i.merchant}`,
    );
    expect(items).toEqual(['globex:Globex']);
  });
});
