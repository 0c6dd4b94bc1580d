import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { waitUntil } from '@fluxa/local-runtime';
import { type ApiKeyGrants, apiKeyGrantsObjectKey, apiKeyHash, routes } from '@fluxa/models';
import { aValidEvent, createTestDatabase, type TestDatabase } from '@fluxa/testing';
import { type RunningStack, startLocalStack } from '../src';
import { awsClients } from '../src/aws';
import { newStateDir, removeStateDir } from './helpers/localCommand';

let db: TestDatabase;
let stack: RunningStack;
let stateDir: string;

/** Keys as a deployment would hand them out: per tenant, per scope. */
const keys = {
  acmeWriter: 'acme-writer-key',
  acmeReader: 'acme-reader-key',
  acmeBoth: 'acme-both-key',
  globexBoth: 'globex-both-key',
} as const;

beforeAll(async () => {
  db = await createTestDatabase();
  stateDir = newStateDir('access');
  // Its own emulator: a stack's queues have fixed names, so stacks on one emulator share them.
  stack = await startLocalStack({
    stateDir,
    databaseUrl: db.url,
    apiKeys: [
      `${keys.acmeBoth}@acme:write+read`,
      `${keys.acmeWriter}@acme:write`,
      `${keys.acmeReader}@acme:read`,
      `${keys.globexBoth}@globex:read+write`,
    ],
    visibilityTimeoutSeconds: 5,
    // The authorizer reads its grants object again after a second here (30 s by default), and
    // refuses to answer as soon as it cannot (300 s of grace by default).
    env: { API_KEY_GRANTS_CACHE_SECONDS: '1', API_KEY_GRANTS_GRACE_SECONDS: '0' },
  });
});

afterAll(async () => {
  await stack?.stop();
  await db?.drop();
  removeStateDir(stateDir);
});

async function call(method: string, path: string, key?: string, body?: unknown) {
  const response = await fetch(`${stack.info.api_url}${path}`, {
    method,
    headers: {
      ...(key === undefined ? {} : { 'x-api-key': key }),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as Record<string, unknown> };
}

/** A request each keyed route answers past its key check: a real path and body for it. */
function requestFor(route: (typeof routes)[number], eventId: string) {
  const path = route.resource.replace('{event_id}', eventId);
  if (route.method === 'GET') return { path, body: undefined };
  const event = aValidEvent();
  return { path, body: route.resource.endsWith('/batch') ? { events: [event] } : event };
}

/** An event id no test stores: the refusals come before any lookup. */
const unseenEventId = 'never-stored';

const keyed = routes.filter((route) => route.scope !== null);
const named = keyed.map((route) => [`${route.method} ${route.resource}`, route] as const);

describe('access to the local API', () => {
  it.each(named)('%s answers 401 UNAUTHORIZED without a key', async (_name, route) => {
    // Act
    const { path, body } = requestFor(route, unseenEventId);
    const reply = await call(route.method, path, undefined, body);

    // Assess
    expect(reply.status).toBe(401);
    expect(reply.body).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
  });

  it.each(named)('%s answers 403 FORBIDDEN to a key with no grant', async (_name, route) => {
    // Act
    const { path, body } = requestFor(route, unseenEventId);
    const reply = await call(route.method, path, 'revoked-or-never-issued', body);

    // Assess
    expect(reply.status).toBe(403);
    expect(reply.body).toMatchObject({
      error: { code: 'FORBIDDEN', message: 'the API key is not valid' },
    });
  });

  it.each(named)('%s answers 403 naming the scope to a key without it', async (_name, route) => {
    // Prepare
    const lacking = route.scope === 'write' ? keys.acmeReader : keys.acmeWriter;

    // Act
    const { path, body } = requestFor(route, unseenEventId);
    const reply = await call(route.method, path, lacking, body);

    // Assess
    expect(reply.status).toBe(403);
    expect(reply.body).toMatchObject({
      error: {
        code: 'FORBIDDEN',
        message: `the API key lacks the ${route.scope} scope, which ${route.method} ${route.resource} needs`,
      },
    });
  });

  it("keeps each tenant's events from the other: 404 by id, absent from lists, same id twice", async () => {
    // Prepare: both tenants send an event with the same id
    const id = 'access-shared-id';
    const acmeEvent = aValidEvent({ event_id: id, user_id: 'access-user', amount: 1 });
    const globexEvent = aValidEvent({ event_id: id, user_id: 'access-user', amount: 2 });
    expect((await call('POST', '/events', keys.acmeWriter, acmeEvent)).status).toBe(202);
    expect((await call('POST', '/events', keys.globexBoth, globexEvent)).status).toBe(202);
    await waitUntil(
      async () =>
        (await call('GET', `/events/${id}`, keys.acmeReader)).status === 200 &&
        (await call('GET', `/events/${id}`, keys.globexBoth)).status === 200,
      { timeoutMs: 15_000, what: 'both tenants’ events stored' },
    );
    const acmeOnly = aValidEvent({ event_id: 'access-acme-only', user_id: 'access-user' });
    expect((await call('POST', '/events', keys.acmeBoth, acmeOnly)).status).toBe(202);
    await waitUntil(
      async () => (await call('GET', '/events/access-acme-only', keys.acmeReader)).status === 200,
      { timeoutMs: 15_000, what: 'the acme-only event stored' },
    );

    // Act
    const byId = await call('GET', `/events/${id}`, keys.acmeReader);
    const otherTenant = await call('GET', '/events/access-acme-only', keys.globexBoth);
    const otherStatus = await call('GET', '/events/access-acme-only/status', keys.globexBoth);
    const globexList = await call('GET', '/events?user_id=access-user', keys.globexBoth);
    const acmeList = await call('GET', '/events?user_id=access-user', keys.acmeReader);

    // Assess
    expect(byId.body).toMatchObject({ tenant_id: 'acme', event_id: id, amount: 1 });
    expect(otherTenant.status).toBe(404);
    expect(otherStatus.status).toBe(404);
    const idsOf = (list: typeof acmeList) =>
      (list.body.items as { tenant_id: string; event_id: string }[]).map(
        (e) => `${e.tenant_id}/${e.event_id}`,
      );
    expect(idsOf(globexList)).toEqual([`globex/${id}`]);
    expect(idsOf(acmeList).sort()).toEqual(['acme/access-acme-only', `acme/${id}`]);
  });

  it('accepts a key written into the grants object while the stack runs, and refuses it once removed, without a restart', async () => {
    // Prepare: the object as the stack wrote it from its keys
    const { s3 } = awsClients(stack.info.emulator_endpoint);
    const object = { Bucket: stack.info.api_key_grants_bucket, Key: apiKeyGrantsObjectKey };
    const read = await s3.send(new GetObjectCommand(object));
    const seeded = JSON.parse((await read.Body?.transformToString()) ?? '') as ApiKeyGrants;
    const write = (grants: ApiKeyGrants) =>
      s3.send(new PutObjectCommand({ ...object, Body: JSON.stringify(grants) }));
    const added = 'added-while-running-key';
    const status = async () => (await call('GET', '/events?user_id=u-1', added)).status;
    const refusedAtFirst = await status();

    // Act
    await write({
      ...seeded,
      [apiKeyHash(added)]: { client: 'late', tenant_id: 'acme', scopes: ['read'] },
    });
    const accepted = await waitUntil(async () => (await status()) === 200, {
      timeoutMs: 10_000,
      what: 'the added key to be accepted',
    });
    await write(seeded);
    const refused = await waitUntil(async () => (await status()) === 403, {
      timeoutMs: 10_000,
      what: 'the removed key to be refused',
    });

    // Assess
    expect(Object.keys(seeded)).toHaveLength(4);
    expect([refusedAtFirst, accepted, refused]).toEqual([403, true, true]);
  });

  it('answers 503 with Retry-After, never 403, while the grants cannot be read past their grace', async () => {
    // Prepare
    const { s3 } = awsClients(stack.info.emulator_endpoint);
    const object = { Bucket: stack.info.api_key_grants_bucket, Key: apiKeyGrantsObjectKey };
    const seeded = await (await s3.send(new GetObjectCommand(object))).Body?.transformToString();
    const reply = () =>
      fetch(`${stack.info.api_url}/events?user_id=u-1`, {
        headers: { 'x-api-key': keys.acmeReader },
      });

    // Act
    await s3.send(new DeleteObjectCommand(object));
    const unavailable = await waitUntil(
      async () => {
        const response = await reply();
        return response.status === 503 ? response : undefined;
      },
      { timeoutMs: 10_000, what: 'the authorizer to give up on its grants' },
    );
    await s3.send(new PutObjectCommand({ ...object, Body: seeded }));
    const restored = await waitUntil(async () => (await reply()).status === 200, {
      timeoutMs: 10_000,
      what: 'the key to be accepted again',
    });

    // Assess
    expect(unavailable.headers.get('retry-after')).toBe('1');
    expect(await unavailable.json()).toMatchObject({ error: { code: 'SERVICE_UNAVAILABLE' } });
    expect(restored).toBe(true);
  });
});
