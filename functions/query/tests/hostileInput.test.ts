import fc from 'fast-check';
import { aStoredEvent, createQueryWorld, get, type QueryWorld } from './helpers/world';

const runs = Number(process.env.FLUXA_PROPERTY_RUNS ?? 200);
let world: QueryWorld;

beforeAll(async () => {
  world = await createQueryWorld();
  await world.store([aStoredEvent({ user_id: 'hostile-user' })]);
});

afterAll(async () => {
  await world.close();
});

/** Any string a URL can carry once decoded: every code point, NUL, lone surrogates, long runs. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    'a\u0000b',
    '\uD800',
    '0000-01-01T00:00:00Z',
    '2026-02-30T00:00:00Z',
    '9999-12-31T23:59:59.9999999Z',
    '-1',
    '1e400',
    'x'.repeat(5_000),
  ),
);

const parameter = fc.constantFrom(
  'user_id',
  'correlation_id',
  'from',
  'to',
  'limit',
  'cursor',
  'x',
);

/** A cursor that decodes (base64url JSON) to hostile content. */
const forgedCursor = fc
  .tuple(fc.oneof(anyText, fc.integer(), fc.constant(null)), fc.oneof(anyText, fc.integer()))
  .map((position) => Buffer.from(JSON.stringify(position)).toString('base64url'));

describe('the query function never answers client input with a 5xx', () => {
  it('answers any list query 200 or 400 with an error body', async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(parameter, anyText, { maxKeys: 4 }), async (query) => {
        // Act
        const reply = await world.handler()(
          get('/events', { query: { user_id: 'hostile-user', ...query } }),
        );

        // Assess
        expect([200, 400]).toContain(reply.statusCode);
        if (reply.statusCode === 400)
          expect(JSON.parse(reply.body).error.code).toBe('VALIDATION_FAILED');
      }),
      { numRuns: runs },
    );
  });

  it('answers a forged cursor 400, whatever it decodes to', async () => {
    await fc.assert(
      fc.asyncProperty(forgedCursor, async (cursor) => {
        // Act
        const reply = await world.handler()(
          get('/events', { query: { user_id: 'hostile-user', cursor } }),
        );

        // Assess
        expect(reply.statusCode).toBe(400);
      }),
      { numRuns: runs },
    );
  });

  it('answers any event id 400 or 404, on the record and on its status', async () => {
    await fc.assert(
      fc.asyncProperty(
        anyText,
        fc.constantFrom('/events/{event_id}', '/events/{event_id}/status'),
        async (id, resource) => {
          // Act
          const reply = await world.handler()(get(resource, { pathParameters: { event_id: id } }));

          // Assess
          expect([400, 404]).toContain(reply.statusCode);
        },
      ),
      { numRuns: runs },
    );
  });
});
