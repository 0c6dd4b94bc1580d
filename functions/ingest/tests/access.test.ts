import { asCaller, aValidEvent } from '@fluxa/testing';
import { createIngestWorld, type IngestWorld, post } from './helpers/world';

let world: IngestWorld;

beforeEach(async () => {
  world = await createIngestWorld();
});

const bodyOf = (result: { body: string }) => JSON.parse(result.body) as Record<string, unknown>;

describe('who may send events', () => {
  it.each(['/events', '/events/batch'] as const)(
    'answers %s 401 without a caller and 403 naming the write scope for a read-only key, enqueuing nothing',
    async (route) => {
      // Prepare
      const body = route === '/events' ? aValidEvent() : { events: [aValidEvent()] };

      // Act
      const anonymous = await world.handler()(post(route, body, {}, null));
      const readOnly = await world.handler()(post(route, body, {}, asCaller('acme', ['read'])));

      // Assess
      expect(anonymous.statusCode).toBe(401);
      expect(bodyOf(anonymous)).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
      expect(readOnly.statusCode).toBe(403);
      expect(bodyOf(readOnly)).toMatchObject({
        error: { code: 'FORBIDDEN', message: expect.stringContaining('write scope') },
      });
      expect(await world.queued()).toHaveLength(0);
    },
  );

  it('stamps the key’s tenant on the envelope, its attributes and the S3 key', async () => {
    // Prepare
    const large = aValidEvent({ metadata: { pad: 'x'.repeat(300_000) } });

    // Act
    await world.handler()(post('/events', aValidEvent(), {}, asCaller('acme', ['write'])));
    await world.handler()(post('/events', large, {}, asCaller('acme', ['write'])));

    // Assess
    const queued = await world.queued();
    const envelopes = queued.map((m) => JSON.parse(m.Body ?? '{}') as Record<string, unknown>);
    expect(envelopes.map((e) => e.tenant_id)).toEqual(['acme', 'acme']);
    expect(queued.map((m) => m.MessageAttributes?.tenant_id?.StringValue)).toEqual([
      'acme',
      'acme',
    ]);
    expect(envelopes.find((e) => e.payload_mode === 'S3')?.s3_key).toMatch(
      new RegExp(`^raw/acme/\\d{4}-\\d{2}-\\d{2}/${large.event_id}/[0-9a-f]{64}\\.json$`),
    );
  });
});
