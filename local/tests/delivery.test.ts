import type { Message } from '@aws-sdk/client-sqs';
import { insertEvents } from '@fluxa/db';
import { waitUntil } from '@fluxa/local-runtime';
import { aPersistedEvent, createTestDatabase, drainQueue, type TestDatabase } from '@fluxa/testing';
import { type RunningStack, startLocalStack } from '../src';
import { awsClients } from '../src/aws';
import { newStateDir, removeStateDir } from './helpers/localCommand';

let db: TestDatabase;
let stack: RunningStack;
let stateDir: string;
const acme = 'delivery-acme';
const acmeReader = 'delivery-acme-reader';
const globex = 'delivery-globex';

beforeAll(async () => {
  db = await createTestDatabase();
  stateDir = newStateDir('delivery');
  // Its own emulator (its subscriber queue is the test's), the control server (to kill the
  // relay mid-replay), and a 2 s grace before the relay takes over a notification.
  stack = await startLocalStack({
    stateDir,
    controlPort: 0,
    databaseUrl: db.url,
    env: { FLUXA_RELAY_GRACE_SECONDS: '2' },
    apiKeys: [
      `${acme}@acme:write+read+replay`,
      `${acmeReader}@acme:read`,
      `${globex}@globex:write+read+replay`,
    ],
  });
});

afterAll(async () => {
  await stack?.stop();
  await db?.drop();
  removeStateDir(stateDir);
});

const api = async (
  method: string,
  path: string,
  key: string,
  body?: unknown,
  headers: Record<string, string> = {},
) => {
  const response = await fetch(`${stack.info.api_url}${path}`, {
    method,
    headers: { 'x-api-key': key, 'Content-Type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

/** Everything the stack's subscriber queue holds now (and deletes it). */
async function notifications(): Promise<Message[]> {
  return drainQueue(
    awsClients(stack.info.emulator_endpoint).sqs,
    stack.info.notifications_queue_url,
  );
}

const attribute = (m: Message, name: string) => m.MessageAttributes?.[name]?.StringValue;

/** Collects notifications until `done` holds for what arrived so far. */
async function collectUntil(
  done: (all: Message[]) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<Message[]> {
  const all: Message[] = [];
  await waitUntil(
    async () => {
      all.push(...(await notifications()));
      return done(all);
    },
    { timeoutMs, intervalMs: 200, what },
  );
  return all;
}

/** A window around now, as POST /replays takes it. */
const aroundNow = () => ({
  stored_after: new Date(Date.now() - 3_600_000).toISOString(),
  stored_before: new Date(Date.now() + 3_600_000).toISOString(),
});

/** Events of a tenant stored (as the processor stores them) and already notified. */
async function storedNotified(tenant: string, count: number): Promise<string[]> {
  const events = Array.from({ length: count }, () => aPersistedEvent({ tenant_id: tenant }));
  for (let i = 0; i < events.length; i += 5_000) {
    await insertEvents(db.sql, events.slice(i, i + 5_000));
  }
  await db.sql`update events set notified_at = now() where tenant_id = ${tenant}`;
  return events.map((e) => e.event_id);
}

describe('delivery from the store, on the local stack', () => {
  it('notifies again, from the stored row, an event whose notification is owed (notified_at reset)', async () => {
    // Prepare: stored and notified once, then its notification owed again
    const sent = await api(
      'POST',
      '/events',
      acme,
      {
        user_id: 'u-owed',
        amount: 3,
        currency: 'EUR',
        merchant: 'm',
        timestamp: '2026-01-01T00:00:00Z',
      },
      { 'X-Correlation-ID': 'corr-owed' },
    );
    const eventId = String(sent.body.event_id);
    await collectUntil(
      (all) => all.some((m) => attribute(m, 'event_id') === eventId),
      'the first notification',
    );
    await db.sql`update events set notified_at = null where event_id = ${eventId}`;

    // Act: within the 2 s grace and a 2 s tick
    const again = await collectUntil(
      (all) => all.some((m) => attribute(m, 'event_id') === eventId),
      'the relay to publish the owed notification',
      10_000,
    );

    // Assess
    const note = again.find((m) => attribute(m, 'event_id') === eventId);
    expect(note && attribute(note, 'correlation_id')).toBe('corr-owed');
    expect(JSON.parse(note?.Body ?? '{}')).toEqual(
      (await api('GET', `/events/${eventId}`, acme)).body,
    );
  });

  it('notifies an event stored whose message is gone (dead-lettered, expired) without any redrive', async () => {
    // Prepare: a stored row, its notification owed, no message anywhere
    const [event] = [aPersistedEvent({ tenant_id: 'acme', correlation_id: 'corr-orphan' })];
    if (!event) throw new Error('no event');
    await insertEvents(db.sql, [event]);

    // Act
    const arrived = await collectUntil(
      (all) => all.some((m) => attribute(m, 'event_id') === event.event_id),
      'the relay to publish the orphan',
      10_000,
    );

    // Assess
    const note = arrived.find((m) => attribute(m, 'event_id') === event.event_id);
    expect(note && attribute(note, 'correlation_id')).toBe('corr-orphan');
  });

  it('publishes a replay of N events as exactly N notifications carrying its replay id', async () => {
    // Prepare
    const ids = await storedNotified('globex', 1_200);

    // Act
    const started = await api('POST', '/replays', globex, aroundNow());
    const replayId = String(started.body.replay_id);
    await waitUntil(
      async () => (await api('GET', `/replays/${replayId}`, globex)).body.status === 'done',
      { timeoutMs: 60_000, intervalMs: 200, what: 'the replay to finish' },
    );
    const replayed = (await notifications()).filter((m) => attribute(m, 'replay_id') === replayId);

    // Assess
    expect(started).toMatchObject({ status: 202, body: { status: 'running', matched: 1_200 } });
    expect(replayed).toHaveLength(1_200);
    expect(new Set(replayed.map((m) => attribute(m, 'event_id')))).toEqual(new Set(ids));
  });

  it('resumes a replay after the relay is killed mid-replay, skipping nothing; 409 while it runs', async () => {
    // Prepare: the tenant's 6,000 events (and those the tests above stored): twelve pages
    await storedNotified('acme', 6_000);
    const acmeIds = (
      await db.sql<{ event_id: string }[]>`select event_id from events where tenant_id = 'acme'`
    ).map((row) => row.event_id);

    // Act
    const started = await api('POST', '/replays', acme, aroundNow());
    const replayId = String(started.body.replay_id);
    const second = await api('POST', '/replays', acme, aroundNow());
    await waitUntil(
      async () => {
        const { body } = await api('GET', `/replays/${replayId}`, acme);
        return Number(body.published) >= 500 && body.status === 'running';
      },
      { timeoutMs: 60_000, intervalMs: 20, what: 'the replay to be under way' },
    );
    const killed = await fetch(`${stack.info.control_url}/relay/kill`, { method: 'POST' });
    const replayed = await collectUntil(
      (all) =>
        new Set(
          all
            .filter((m) => attribute(m, 'replay_id') === replayId)
            .map((m) => attribute(m, 'event_id')),
        ).size >= acmeIds.length,
      'every event of the replay published',
      120_000,
    );
    const finished = await api('GET', `/replays/${replayId}`, acme);

    // Assess
    expect(second.status).toBe(409);
    expect(JSON.stringify(second.body)).toContain(replayId);
    expect(killed.status).toBe(200);
    const published = new Set(
      replayed
        .filter((m) => attribute(m, 'replay_id') === replayId)
        .map((m) => attribute(m, 'event_id')),
    );
    expect(published).toEqual(new Set(acmeIds));
    expect(finished.body).toMatchObject({ status: 'done', matched: acmeIds.length });
  }, 180_000);

  it('keeps a replay to its tenant (404) and its scope (403)', async () => {
    // Prepare
    const started = await api('POST', '/replays', globex, { ...aroundNow(), dry_run: true });

    // Act
    const mine = await api('GET', '/replays', globex);
    const [first] = mine.body.items as { replay_id: string }[];
    const peek = await api('GET', `/replays/${first?.replay_id}`, acme);
    const noScope = await api('POST', '/replays', acmeReader, aroundNow());

    // Assess
    expect(started.status).toBe(200);
    expect(peek.status).toBe(404);
    expect(noScope.status).toBe(403);
    expect(JSON.stringify(noScope.body)).toContain('replay');
  });
});
