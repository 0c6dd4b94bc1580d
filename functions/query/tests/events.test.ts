import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validateAgainst } from '@fluxa/models';
import { aStoredEvent, bodyOf, createQueryWorld, get, type QueryWorld } from './helpers/world';

let world: QueryWorld;

beforeAll(async () => {
  world = await createQueryWorld();
});

afterAll(async () => {
  await world.close();
});

const byId = (id: string) =>
  get('/events/{event_id}', { path: `/events/${id}`, pathParameters: { event_id: id } });
const statusOf = (id: string) =>
  get('/events/{event_id}/status', {
    path: `/events/${id}/status`,
    pathParameters: { event_id: id },
  });

describe('GET /events/{event_id}', () => {
  it('returns the stored record with the amount as the number that was sent', async () => {
    // Prepare
    const event = aStoredEvent({ amount: 123456789012.34, metadata: { tier: 'gold' } });
    await world.store([event]);

    // Act
    const result = await world.handler()(byId(event.event_id));

    // Assess
    expect(result.statusCode).toBe(200);
    const body = bodyOf(result);
    expect(validateAgainst('storedRecord', body).ok).toBe(true);
    expect(body).toMatchObject({
      event_id: event.event_id,
      amount: 123456789012.34,
      metadata: { tier: 'gold' },
    });
    expect(body.timestamp).toBe(event.timestamp.replace('Z', '000Z'));
  });

  it('answers 404 for an event that is not persisted', async () => {
    // Act
    const result = await world.handler()(byId('never-stored'));

    // Assess
    expect(result.statusCode).toBe(404);
    expect(bodyOf(result)).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it.each([
    'has space',
    'a'.repeat(129),
    '../etc/passwd',
    '-starts-with-dash',
    'nul\u0000byte',
    'émoji😀',
    '',
  ])('answers 400 INVALID_EVENT_ID, never 500, for %j', async (id) => {
    // Act
    const result = await world.handler()(byId(id));

    // Assess
    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toMatchObject({ error: { code: 'INVALID_EVENT_ID' } });
  });
});

describe('query parameters on a single event', () => {
  it.each(['/events/{event_id}', '/events/{event_id}/status'])(
    '%s refuses a query parameter it does not define, naming it',
    async (resource) => {
      // Act
      const result = await world.handler()(
        get(resource, { pathParameters: { event_id: 'any-id' }, query: { fields: 'amount' } }),
      );

      // Assess
      expect(result.statusCode).toBe(400);
      expect(bodyOf(result)).toMatchObject({
        error: { code: 'VALIDATION_FAILED', details: [{ field: 'fields', code: 'UNKNOWN_FIELD' }] },
      });
    },
  );
});

describe('GET /events/{event_id}/status', () => {
  it('reports a stored event with its attempts and timestamps', async () => {
    // Prepare
    const event = aStoredEvent();
    await world.store([event]);

    // Act
    const result = await world.handler()(statusOf(event.event_id));

    // Assess
    expect(result.statusCode).toBe(200);
    const body = bodyOf(result);
    expect(validateAgainst('eventStatus', body).ok).toBe(true);
    expect(body).toMatchObject({ event_id: event.event_id, status: 'stored', attempts: 1 });
  });

  it('reports a failed event with its reason', async () => {
    // Prepare
    await world.sql`insert into idempotency_keys (event_id, status, error_reason) values ('failed-1', 'failed', 'HASH_MISMATCH: x')`;

    // Act
    const result = await world.handler()(statusOf('failed-1'));

    // Assess
    expect(bodyOf(result)).toMatchObject({ status: 'failed', error_reason: 'HASH_MISMATCH: x' });
  });

  it('reports an event whose key the retention purge deleted as stored, seen once when its row was created', async () => {
    // Prepare
    const event = aStoredEvent();
    await world.store([event]);
    await world.sql`delete from idempotency_keys where event_id = ${event.event_id}`;

    // Act
    const result = await world.handler()(statusOf(event.event_id));

    // Assess
    expect(result.statusCode).toBe(200);
    const body = bodyOf(result);
    expect(validateAgainst('eventStatus', body).ok).toBe(true);
    expect(body).toMatchObject({ event_id: event.event_id, status: 'stored', attempts: 1 });
    expect(body.first_seen_at).toBe(body.last_seen_at);
  });

  it('answers 404 when the processor has not seen the event', async () => {
    // Act
    const result = await world.handler()(statusOf('unseen'));

    // Assess
    expect(result.statusCode).toBe(404);
  });
});

describe('health and documents', () => {
  it('answers /health with the release version, without touching the database', async () => {
    // Prepare
    const handler = world.handler({
      database: () => Promise.reject(new Error('must not be called')),
    });

    // Act
    const result = await handler(get('/health'));

    // Assess
    const rootPackage = path.resolve(__dirname, '../../../package.json');
    const { version } = JSON.parse(readFileSync(rootPackage, 'utf8')) as { version: string };
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toEqual({ status: 'healthy', version });
  });

  it('answers /health/ready 200 when PostgreSQL answers', async () => {
    // Act
    const result = await world.handler()(get('/health/ready'));

    // Assess
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toEqual({ status: 'ready', checks: { database: 'ok' } });
  });

  it('answers /health/ready 503 naming the failing check when PostgreSQL does not answer', async () => {
    // Prepare
    const down = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
      code: 'ECONNREFUSED',
    });
    const handler = world.handler({ database: () => Promise.reject(down) });

    // Act
    const result = await handler(get('/health/ready'));

    // Assess
    expect(result.statusCode).toBe(503);
    expect(bodyOf(result)).toMatchObject({
      error: { code: 'SERVICE_UNAVAILABLE', message: expect.stringContaining('database') },
    });
    expect(result.body).not.toContain('127.0.0.1');
  });

  it('serves the OpenAPI 3.1 document', async () => {
    // Act
    const result = await world.handler()(get('/openapi.json'));

    // Assess
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toMatchObject({ openapi: expect.stringMatching(/^3\.1/) });
  });

  it('answers 503 when the database is unavailable for a read', async () => {
    // Prepare
    const down = Object.assign(new Error('gone'), { code: 'CONNECTION_CLOSED' });
    const handler = world.handler({ database: () => Promise.reject(down) });

    // Act
    const result = await handler(byId('some-id'));

    // Assess
    expect(result.statusCode).toBe(503);
  });
});
