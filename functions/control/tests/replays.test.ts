import { insertEvents } from '@fluxa/db';
import { validateAgainst } from '@fluxa/models';
import { aPersistedEvent } from '@fluxa/testing';
import { type ControlWorld, createControlWorld } from './helpers/control';

let world: ControlWorld;

beforeAll(async () => {
  world = await createControlWorld();
  // Three events of acme stored now (two of user u-1), one of globex.
  await insertEvents(world.db.sql, [
    aPersistedEvent({ tenant_id: 'acme', user_id: 'u-1' }),
    aPersistedEvent({ tenant_id: 'acme', user_id: 'u-1' }),
    aPersistedEvent({ tenant_id: 'acme', user_id: 'u-2' }),
    aPersistedEvent({ tenant_id: 'globex', user_id: 'u-1' }),
  ]);
});

afterAll(async () => {
  await world.db.drop();
});

const window = () => ({
  stored_after: new Date(Date.now() - 3_600_000).toISOString(),
  stored_before: new Date(Date.now() + 3_600_000).toISOString(),
});

const call: ControlWorld['call'] = (...args) => world.call(...args);

describe('POST /replays', () => {
  it('answers a dry run with how many of the tenant’s events it matches, filters applied', async () => {
    // Act
    const all = await call('POST', '/replays', { body: { ...window(), dry_run: true } });
    const one = await call('POST', '/replays', {
      body: { ...window(), user_id: 'u-1', dry_run: true },
    });

    // Assess
    expect(all).toEqual({ status: 200, body: { matched: 3 } });
    expect(one).toEqual({ status: 200, body: { matched: 2 } });
  });

  it('starts a replay, shows it, lists it, and refuses a second one while it runs, naming it', async () => {
    // Act
    const started = await call('POST', '/replays', { body: window(), tenant: 'acme' });
    const replayId = String(started.body.replay_id);
    const shown = await call('GET', '/replays/{replay_id}', {
      pathParameters: { replay_id: replayId },
    });
    const listed = await call('GET', '/replays');
    const second = await call('POST', '/replays', { body: window() });

    // Assess
    expect(started).toEqual({
      status: 202,
      body: { replay_id: replayId, status: 'running', matched: 3 },
    });
    expect(shown.status).toBe(200);
    expect(validateAgainst('replay', shown.body).ok).toBe(true);
    expect(shown.body).toMatchObject({ status: 'running', matched: 3, published: 0, filters: {} });
    expect(validateAgainst('replayList', listed.body).ok).toBe(true);
    expect((listed.body.items as { replay_id: string }[]).map((r) => r.replay_id)).toContain(
      replayId,
    );
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ error: { code: 'REPLAY_IN_PROGRESS' } });
    expect(JSON.stringify(second.body)).toContain(replayId);
  });

  it('keeps another tenant’s replay out of reach: 404', async () => {
    // Prepare
    const started = await call('POST', '/replays', { body: window(), tenant: 'globex' });

    // Act
    const peek = await call('GET', '/replays/{replay_id}', {
      tenant: 'acme',
      pathParameters: { replay_id: String(started.body.replay_id) },
    });

    // Assess
    expect(started.status).toBe(202);
    expect(peek.status).toBe(404);
  });

  it.each([
    [
      'a window over 31 days',
      { stored_after: '2026-01-01T00:00:00Z', stored_before: '2026-02-02T00:00:00Z' },
      /31 days/,
    ],
    [
      'an empty window',
      { stored_after: '2026-01-01T00:00:00Z', stored_before: '2026-01-01T00:00:00Z' },
      /later than/,
    ],
    ['an unknown field', { ...window(), tenant_id: 'globex' }, /not allowed|unknown/i],
  ])('refuses %s with 400, naming the rule', async (_what, body, reason) => {
    // Act
    const refused = await call('POST', '/replays', { body, tenant: 'refused' });

    // Assess
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toMatch(reason);
  });

  it('refuses a replay matching more events than one replay publishes, naming the limit', async () => {
    // Act
    const refused = await call('POST', '/replays', {
      body: window(),
      tenant: 'acme',
      deps: { maxReplayEvents: 2 },
    });

    // Assess
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('more than 2 events');
  });

  it('refuses a key without the replay scope with 403 naming it', async () => {
    // Act
    const refused = await call('POST', '/replays', { body: window(), scopes: ['read', 'write'] });

    // Assess
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).toContain('replay');
  });
});
