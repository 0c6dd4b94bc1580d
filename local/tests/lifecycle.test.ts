import { HeadObjectCommand } from '@aws-sdk/client-s3';
import type { Message } from '@aws-sdk/client-sqs';
import { insertEvents } from '@fluxa/db';
import { waitUntil } from '@fluxa/local-runtime';
import { canonicalizeEvent, type EventInput, type PersistedEvent } from '@fluxa/models';
import { encodeEnvelope, inlineEnvelope, sendMessage } from '@fluxa/queue';
import { sha256Hex } from '@fluxa/storage';
import { aPersistedEvent, createTestDatabase, drainQueue, type TestDatabase } from '@fluxa/testing';
import { type RunningStack, startLocalStack } from '../src';
import { awsClients } from '../src/aws';
import { newStateDir, removeStateDir } from './helpers/localCommand';

let db: TestDatabase;
let stack: RunningStack;
let stateDir: string;
const acme = 'lifecycle-acme';
const acmeWriter = 'lifecycle-acme-writer';
const globex = 'lifecycle-globex';

beforeAll(async () => {
  db = await createTestDatabase();
  stateDir = newStateDir('lifecycle');
  // Retention: 30 days, acme 200; its own emulator; the control server (to kill a run).
  stack = await startLocalStack({
    stateDir,
    controlPort: 0,
    databaseUrl: db.url,
    apiKeys: [
      `${acme}@acme:write+read+erase`,
      `${acmeWriter}@acme:write+read`,
      `${globex}@globex:write+read+erase`,
    ],
    // Ingest reads a tenant's suppression list at most every second here (a minute by default).
    env: {
      EVENT_RETENTION_DAYS: '30',
      TENANT_RETENTION_DAYS: '{"acme":200}',
      SUPPRESSION_CACHE_SECONDS: '1',
    },
  });
});

afterAll(async () => {
  await stack?.stop();
  await db?.drop();
  removeStateDir(stateDir);
});

const api = async (method: string, path: string, key: string, body?: unknown) => {
  const response = await fetch(`${stack.info.api_url}${path}`, {
    method,
    headers: { 'x-api-key': key, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

const anEvent = (overrides: Record<string, unknown>) => ({
  user_id: 'u-1',
  amount: 5,
  currency: 'EUR',
  merchant: 'm',
  timestamp: '2026-01-01T00:00:00Z',
  ...overrides,
});

const stored = async (ids: string[]) =>
  (
    await db.sql<{ event_id: string }[]>`
      select event_id from events where event_id = any(${ids}) order by event_id`
  ).map((row) => row.event_id);

/** Events stored `daysAgo` days ago, as the processor stores them. */
async function storedDaysAgo(events: PersistedEvent[], daysAgo: number): Promise<string[]> {
  await insertEvents(db.sql, events);
  const ids = events.map((e) => e.event_id);
  await db.sql`
    update events set created_at = now() - make_interval(days => ${daysAgo}),
                      received_at = now() - make_interval(days => ${daysAgo}),
                      notified_at = now()
    where event_id = any(${ids})`;
  return ids;
}

const waitFor = (what: string, check: () => Promise<boolean>) =>
  waitUntil(check, { timeoutMs: 60_000, intervalMs: 250, what });

/** Drains the stack's subscriber queue. */
async function notifications(): Promise<Message[]> {
  return drainQueue(
    awsClients(stack.info.emulator_endpoint).sqs,
    stack.info.notifications_queue_url,
  );
}

describe('the data lifecycle, on the local stack', () => {
  it('deletes events past their retention, keeps recent ones, and applies a tenant’s override', async () => {
    // Prepare: default tenant 30 days, acme 200
    const expired = await storedDaysAgo([aPersistedEvent({ tenant_id: 'default' })], 100);
    const recent = await storedDaysAgo([aPersistedEvent({ tenant_id: 'default' })], 1);
    const acmeKept = await storedDaysAgo([aPersistedEvent({ tenant_id: 'acme' })], 100);
    const acmeExpired = await storedDaysAgo([aPersistedEvent({ tenant_id: 'acme' })], 300);
    const all = [...expired, ...recent, ...acmeKept, ...acmeExpired];

    // Act
    await waitFor('the expired events to go', async () => (await stored(all)).length === 2);

    // Assess
    expect(await stored(all)).toEqual([...recent, ...acmeKept].sort());
  });

  it('erases a user: rows and payloads gone, the id a duplicate with status erased, the user suppressed until lifted', async () => {
    // Prepare: a small and a large (S3) event of the user, stored and notified
    const small = await api('POST', '/events', acme, anEvent({ user_id: 'u-erase' }));
    const large = await api(
      'POST',
      '/events',
      acme,
      anEvent({ user_id: 'u-erase', metadata: { pad: 'p'.repeat(300_000) } }),
    );
    const ids = [String(small.body.event_id), String(large.body.event_id)];
    await waitFor('both stored', async () => (await stored(ids)).length === 2);
    const [object] = await db.sql<{ s3_key: string }[]>`
      select s3_key from events where event_id = ${ids[1] ?? ''}`;

    // Act
    const started = await api('POST', '/erasures', acme, { user_id: 'u-erase', suppress: true });
    const erasureId = String(started.body.erasure_id);
    await waitFor('the erasure to finish', async () => {
      const { body } = await api('GET', `/erasures/${erasureId}`, acme);
      return body.status === 'done';
    });
    const resent = await api(
      'POST',
      '/events',
      acmeWriter,
      anEvent({ user_id: 'u-other', event_id: ids[0] }),
    );
    const refused = await api('POST', '/events', acmeWriter, anEvent({ user_id: 'u-erase' }));
    const lifted = await api('DELETE', '/suppressions/u-erase', acme);

    // Assess
    expect(started.status).toBe(202);
    expect((await api('GET', `/erasures/${erasureId}`, acme)).body).toMatchObject({
      events_deleted: 2,
      objects_deleted: 1,
      suppress: true,
    });
    expect(await stored(ids)).toEqual([]);
    const { s3 } = awsClients(stack.info.emulator_endpoint);
    const head = await s3
      .send(new HeadObjectCommand({ Bucket: stack.info.bucket, Key: object?.s3_key }))
      .then(
        () => 'exists',
        () => 'gone',
      );
    expect(head).toBe('gone');
    expect(resent.status).toBe(202);
    await waitFor('the resend processed', async () => {
      const { body } = await api('GET', `/events/${ids[0]}/status`, acme);
      return body.status === 'erased';
    });
    expect(await stored(ids)).toEqual([]);
    expect(refused).toMatchObject({ status: 400, body: { error: { code: 'USER_SUPPRESSED' } } });
    expect(lifted.status).toBe(200);
  });

  it('does not store an event of the user still queued when the erasure came', async () => {
    // Prepare: an event received a minute ago that waited in the queue until now
    const eventId = `queued-${Date.now()}`;
    const { json } = canonicalizeEvent(anEvent({ user_id: 'u-queued' }) as EventInput, eventId);
    const message = encodeEnvelope(
      inlineEnvelope({
        tenantId: 'acme',
        eventId,
        correlationId: 'corr-queued',
        payload: json,
        sha256: sha256Hex(json),
        receivedAt: new Date(Date.now() - 60_000),
      }),
    );
    await api('POST', '/erasures', acme, { user_id: 'u-queued' });

    // Act
    await sendMessage(awsClients(stack.info.emulator_endpoint).sqs, stack.info.queue_url, message);
    await waitFor('the queued event handled', async () => {
      const { body } = await api('GET', `/events/${eventId}/status`, acme);
      return body.status === 'erased';
    });

    // Assess
    expect(await stored([eventId])).toEqual([]);
    expect(
      (await notifications()).map((m) => m.MessageAttributes?.event_id?.StringValue),
    ).not.toContain(eventId);
  });

  it('keeps another tenant’s erasure out of reach (404), and needs the erase scope (403)', async () => {
    // Prepare
    const theirs = await api('POST', '/erasures', globex, { user_id: 'u-x' });

    // Act
    const peek = await api('GET', `/erasures/${String(theirs.body.erasure_id)}`, acme);
    const noScope = await api('POST', '/erasures', acmeWriter, { user_id: 'u-x' });

    // Assess
    expect(peek.status).toBe(404);
    expect(noScope.status).toBe(403);
  });

  it('resumes an erasure after its run was killed mid-way', async () => {
    // Prepare: many events of one user, so the run is still at work when it is killed
    const ids = await storedDaysAgo(
      Array.from({ length: 20_000 }, () =>
        aPersistedEvent({ tenant_id: 'globex', user_id: 'u-many' }),
      ),
      0,
    );
    const started = await api('POST', '/erasures', globex, { user_id: 'u-many' });
    const erasureId = String(started.body.erasure_id);

    // Act
    await waitFor('the erasure under way', async () => {
      const { body } = await api('GET', `/erasures/${erasureId}`, globex);
      return Number(body.events_deleted) > 0;
    });
    const killed = await fetch(`${stack.info.control_url}/lifecycle/kill`, { method: 'POST' });
    await waitFor('the erasure to finish', async () => {
      const { body } = await api('GET', `/erasures/${erasureId}`, globex);
      return body.status === 'done';
    });

    // Assess
    expect(killed.status).toBe(200);
    expect(await stored(ids)).toEqual([]);
    expect((await api('GET', `/erasures/${erasureId}`, globex)).body).toMatchObject({
      events_deleted: ids.length,
    });
  }, 120_000);
});
