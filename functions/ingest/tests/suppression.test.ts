import { userSha256 } from '@fluxa/models';
import { publishSuppressionList } from '@fluxa/storage';
import { asCaller, aValidEvent } from '@fluxa/testing';
import { createIngestWorld, type IngestWorld, post } from './helpers/world';

let world: IngestWorld;

beforeAll(async () => {
  world = await createIngestWorld();
  await publishSuppressionList(world.s3, world.aws.bucket, 'acme', [userSha256('acme', 'u-muted')]);
});

const bodyOf = (result: { body: string }) => JSON.parse(result.body) as Record<string, unknown>;

describe('suppressed users at the door', () => {
  it('refuses an event of a suppressed user with 400 USER_SUPPRESSED, and enqueues nothing', async () => {
    // Act
    const result = await world.handler()(
      post('/events', aValidEvent({ user_id: 'u-muted' }), {}, asCaller('acme')),
    );

    // Assess
    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toMatchObject({
      error: { code: 'USER_SUPPRESSED', details: [{ field: 'user_id' }] },
    });
    expect(await world.queued()).toEqual([]);
  });

  it('rejects only the suppressed user’s items of a batch, and the same user of another tenant not at all', async () => {
    // Act
    const batch = await world.handler()(
      post(
        '/events/batch',
        { events: [aValidEvent({ user_id: 'u-muted' }), aValidEvent({ user_id: 'u-free' })] },
        {},
        asCaller('acme'),
      ),
    );
    const elsewhere = await world.handler()(
      post('/events', aValidEvent({ user_id: 'u-muted' }), {}, asCaller('globex')),
    );

    // Assess
    expect(bodyOf(batch)).toMatchObject({
      accepted: 1,
      rejected: 1,
      results: [
        { index: 0, status: 'rejected', error: { code: 'USER_SUPPRESSED' } },
        { index: 1, status: 'enqueued' },
      ],
    });
    expect(elsewhere.statusCode).toBe(202);
  });
});
