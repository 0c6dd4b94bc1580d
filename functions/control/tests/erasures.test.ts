import { GetObjectCommand } from '@aws-sdk/client-s3';
import { userSha256, validateAgainst } from '@fluxa/models';
import { suppressionListKey } from '@fluxa/storage';
import { type ControlWorld, createControlWorld } from './helpers/control';

let world: ControlWorld;

beforeAll(async () => {
  world = await createControlWorld();
});

afterAll(async () => {
  await world.db.drop();
});

/** The tenant's published suppression list (what ingest refuses). */
async function publishedList(tenant: string): Promise<string[]> {
  const object = await world.s3.send(
    new GetObjectCommand({ Bucket: world.bucket, Key: suppressionListKey(tenant) }),
  );
  return (JSON.parse((await object.Body?.transformToString()) ?? '{}') as { user_sha256: string[] })
    .user_sha256;
}

describe('erasures', () => {
  it('starts an erasure, shows it by the user’s hash only, and answers the running one when asked again', async () => {
    // Act
    const started = await world.call('POST', '/erasures', { body: { user_id: 'u-erase' } });
    const again = await world.call('POST', '/erasures', { body: { user_id: 'u-erase' } });
    const shown = await world.call('GET', '/erasures/{erasure_id}', {
      pathParameters: { erasure_id: String(started.body.erasure_id) },
    });
    const listed = await world.call('GET', '/erasures');

    // Assess
    expect(started).toMatchObject({ status: 202, body: { status: 'running' } });
    expect(again.body.erasure_id).toBe(started.body.erasure_id);
    expect(validateAgainst('erasure', shown.body).ok).toBe(true);
    expect(shown.body).toMatchObject({
      status: 'running',
      user_sha256: userSha256('acme', 'u-erase'),
      suppress: false,
      events_deleted: 0,
    });
    expect(JSON.stringify(shown.body)).not.toContain('u-erase');
    expect(validateAgainst('erasureList', listed.body).ok).toBe(true);
  });

  it('suppresses the user when asked, publishes the list, and lifts it on DELETE /suppressions', async () => {
    // Act
    await world.call('POST', '/erasures', { body: { user_id: 'u-muted', suppress: true } });
    const whileSuppressed = await publishedList('acme');
    const lifted = await world.call('DELETE', '/suppressions/{user_id}', {
      pathParameters: { user_id: 'u-muted' },
    });
    const afterLifting = await publishedList('acme');

    // Assess
    expect(whileSuppressed).toContain(userSha256('acme', 'u-muted'));
    expect(lifted).toEqual({ status: 200, body: { user_id: 'u-muted', suppressed: false } });
    expect(afterLifting).not.toContain(userSha256('acme', 'u-muted'));
  });

  it('keeps another tenant’s erasure out of reach (404) and needs the erase scope (403)', async () => {
    // Prepare
    const theirs = await world.call('POST', '/erasures', {
      body: { user_id: 'u-x' },
      tenant: 'globex',
    });

    // Act
    const peek = await world.call('GET', '/erasures/{erasure_id}', {
      pathParameters: { erasure_id: String(theirs.body.erasure_id) },
    });
    const noScope = await world.call('POST', '/erasures', {
      body: { user_id: 'u-x' },
      scopes: ['read', 'replay'],
    });

    // Assess
    expect(peek.status).toBe(404);
    expect(noScope.status).toBe(403);
    expect(JSON.stringify(noScope.body)).toContain('erase');
  });

  it('refuses a request without a user, or with an unknown field, naming it', async () => {
    // Act
    const missing = await world.call('POST', '/erasures', { body: { suppress: true } });
    const unknown = await world.call('POST', '/erasures', { body: { user_id: 'u', all: true } });

    // Assess
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body)).toContain('user_id');
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('all');
  });

  it('refuses a query parameter on a list instead of ignoring it, naming the parameter', async () => {
    // Act
    const limited = await world.call('GET', '/erasures', { query: { limit: '1' } });

    // Assess
    expect(limited.status).toBe(400);
    expect(limited.body).toMatchObject({
      error: {
        code: 'VALIDATION_FAILED',
        details: [{ field: 'limit', code: 'UNKNOWN_FIELD', reason: 'is not a known field' }],
      },
    });
  });

  it.each([
    ['/erasures/{erasure_id}', 'erasure_id'],
    ['/replays/{replay_id}', 'replay_id'],
  ])(
    'answers 404, never 500, for %s naming a NUL, a lone surrogate or an overlong id',
    async (resource, name) => {
      for (const id of ['\u0000', 'a\u0000b', '\ud800', 'x'.repeat(500)]) {
        // Act
        const reply = await world.call('GET', resource, { pathParameters: { [name]: id } });

        // Assess
        expect(reply.status).toBe(404);
      }
    },
  );
});
