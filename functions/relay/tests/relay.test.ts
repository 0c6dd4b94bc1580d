import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { type Message, SQSClient } from '@aws-sdk/client-sqs';
import { awsClientOptions, type RelayConfig } from '@fluxa/config';
import { createReplay, getEvent, getReplay, insertEvents } from '@fluxa/db';
import { type FluxaAwsResources, provisionAws } from '@fluxa/local-runtime';
import { createLogger } from '@fluxa/logging';
import { createMetrics } from '@fluxa/metrics';
import { type PersistedEvent, validateReplayRequest } from '@fluxa/models';
import {
  aPersistedEvent,
  createTestDatabase,
  drainQueue,
  type TestDatabase,
  testDatabaseSettings,
} from '@fluxa/testing';
import { createRelay, type RelayDeps } from '../src';

let db: TestDatabase;
let aws: FluxaAwsResources;
const sqs = new SQSClient(awsClientOptions());
const sns = new SNSClient(awsClientOptions());
const unreachableSns = new SNSClient({
  ...awsClientOptions(),
  endpoint: 'http://127.0.0.1:1',
  maxAttempts: 1,
});

beforeAll(async () => {
  db = await createTestDatabase();
  aws = await provisionAws(
    { sqs, sns, s3: new S3Client(awsClientOptions()) },
    { prefix: `relay-${db.name.slice(-10)}` },
  );
});

afterAll(async () => {
  await db.drop();
});

beforeEach(async () => {
  await db.sql`update events set notified_at = now() where notified_at is null`;
  await receiveAll();
});

function relay(overrides: Partial<RelayDeps> = {}, settings: Partial<RelayConfig> = {}) {
  const config: RelayConfig = {
    stage: 'test',
    logLevel: 'silent',
    topicArn: aws.topicArn,
    graceSeconds: 60,
    replayMaxPerSecond: 30_000,
    database: testDatabaseSettings(db),
    ...settings,
  };
  return createRelay({
    config,
    database: async () => db.sql,
    sns,
    logger: createLogger('relay', { level: 'silent' }),
    metrics: createMetrics('relay', () => {}),
    ...overrides,
  });
}

/** Stores events as the processor would, `ageSeconds` ago, their notifications owed. */
async function storedOwed(events: PersistedEvent[], ageSeconds: number): Promise<void> {
  await insertEvents(db.sql, events);
  await db.sql`
    update events set created_at = now() - make_interval(secs => ${ageSeconds})
    where event_id = any(${events.map((e) => e.event_id)})`;
}

/** Everything the subscriber queue holds now (and deletes it). */
async function receiveAll(): Promise<Message[]> {
  return drainQueue(sqs, aws.notificationsQueueUrl);
}

const attribute = (m: Message, name: string) => m.MessageAttributes?.[name]?.StringValue;
const eventIdsOf = (messages: Message[]) => messages.map((m) => attribute(m, 'event_id') ?? '');

describe('the outbox relay', () => {
  it('publishes an event owed past its grace period from its stored row, and records notified_at', async () => {
    // Prepare
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const event = aPersistedEvent({ correlation_id: 'corr-stored', traceparent });
    await storedOwed([event], 61);

    // Act
    const report = await relay()(10_000);

    // Assess
    const [message, ...more] = await receiveAll();
    expect(more).toEqual([]);
    expect(report.published).toBe(1);
    expect(JSON.parse(message?.Body ?? '{}')).toEqual(await getEvent(db.sql, event));
    expect(message && attribute(message, 'correlation_id')).toBe('corr-stored');
    expect(message && attribute(message, 'traceparent')).toBe(traceparent);
    const [row] = await db.sql`select notified_at from events where event_id = ${event.event_id}`;
    expect(row?.notified_at).not.toBeNull();
  });

  it('leaves an event inside its grace period to the processor that stored it', async () => {
    // Prepare
    const event = aPersistedEvent();
    await storedOwed([event], 5);

    // Act
    const report = await relay()(10_000);

    // Assess
    expect(report.published).toBe(0);
    expect(await receiveAll()).toEqual([]);
  });

  it('publishes every owed event exactly once when two relays run at once', async () => {
    // Prepare
    const events = Array.from({ length: 1_200 }, () => aPersistedEvent());
    await storedOwed(events, 120);

    // Act
    const [a, b] = await Promise.all([relay()(30_000), relay()(30_000)]);

    // Assess
    const ids = eventIdsOf(await receiveAll());
    expect(a.published + b.published).toBe(1_200);
    expect(ids).toHaveLength(1_200);
    expect(new Set(ids).size).toBe(1_200);
  });

  it('leaves a row owed when its publish fails, and the next run publishes it', async () => {
    // Prepare
    const event = aPersistedEvent();
    await storedOwed([event], 120);

    // Act
    const failed = await relay({ sns: unreachableSns })(10_000);
    const next = await relay()(10_000);

    // Assess
    expect(failed).toMatchObject({ published: 0, oldestOwedSeconds: expect.any(Number) });
    expect(failed.oldestOwedSeconds).toBeGreaterThanOrEqual(120);
    expect(next.published).toBe(1);
    expect(eventIdsOf(await receiveAll())).toEqual([event.event_id]);
  });
});

describe('a replay', () => {
  /** A replay of the tenant's events stored in the last hour, recorded as POST /replays does. */
  async function startReplay(tenantId: string, matched: number) {
    const checked = validateReplayRequest({
      stored_after: new Date(Date.now() - 3_600_000).toISOString(),
      stored_before: new Date(Date.now() + 60_000).toISOString(),
    });
    if (!checked.ok) throw new Error('invalid replay request');
    const replayId = `rpl-${tenantId}-${Date.now()}`;
    await createReplay(db.sql, { tenantId, replayId, request: checked.value, matched });
    return replayId;
  }

  it('publishes each of its events once, each carrying its replay id', async () => {
    // Prepare
    const events = Array.from({ length: 700 }, () => aPersistedEvent({ tenant_id: 'replaying' }));
    await insertEvents(db.sql, events);
    await db.sql`update events set notified_at = now() where tenant_id = 'replaying'`;
    const replayId = await startReplay('replaying', events.length);

    // Act
    const report = await relay()(30_000);

    // Assess
    const messages = await receiveAll();
    expect(report.replayed).toBe(700);
    expect(new Set(eventIdsOf(messages))).toEqual(new Set(events.map((e) => e.event_id)));
    expect(messages.every((m) => attribute(m, 'replay_id') === replayId)).toBe(true);
    expect(JSON.parse(messages[0]?.Body ?? '{}').replay_id).toBe(replayId);
    expect(await getReplay(db.sql, 'replaying', replayId)).toMatchObject({
      status: 'done',
      published: 700,
      matched: 700,
    });
  });

  it('publishes no faster than its rate, whatever the relay could do', async () => {
    // Prepare: 600 events (two pages) at 200 notifications/s: at least 3 s (unpaced, under 1 s)
    const events = Array.from({ length: 600 }, () => aPersistedEvent({ tenant_id: 'paced' }));
    await insertEvents(db.sql, events);
    await db.sql`update events set notified_at = now() where tenant_id = 'paced'`;
    await startReplay('paced', events.length);
    const started = performance.now();

    // Act
    const report = await relay({}, { replayMaxPerSecond: 200 })(30_000);

    // Assess
    const seconds = (performance.now() - started) / 1000;
    expect(report.replayed).toBe(600);
    expect(seconds).toBeGreaterThanOrEqual(600 / 200);
    expect(new Set(eventIdsOf(await receiveAll()))).toEqual(new Set(events.map((e) => e.event_id)));
  });

  it('resumes after a run that failed mid-replay, skipping nothing', async () => {
    // Prepare: 1,100 events (three pages); the first run's SNS fails after its first page
    const events = Array.from({ length: 1_100 }, () => aPersistedEvent({ tenant_id: 'resuming' }));
    await insertEvents(db.sql, events);
    await db.sql`update events set notified_at = now() where tenant_id = 'resuming'`;
    const replayId = await startReplay('resuming', events.length);
    let calls = 0;
    const failingAfterOnePage = new SNSClient({ ...awsClientOptions(), maxAttempts: 1 });
    failingAfterOnePage.middlewareStack.add(
      (next) => async (args) => {
        calls += 1;
        if (calls > 50) throw Object.assign(new Error('SNS went away'), { name: 'Unreachable' });
        return next(args);
      },
      { step: 'initialize' },
    );

    // Act
    const crashed = await relay({ sns: failingAfterOnePage })(30_000);
    const midway = await getReplay(db.sql, 'resuming', replayId);
    const resumed = await relay()(30_000);

    // Assess
    expect(crashed.replayed).toBe(500);
    expect(midway).toMatchObject({ status: 'running', published: 500 });
    expect(resumed.replayed).toBe(600);
    const ids = eventIdsOf(await receiveAll());
    expect(new Set(ids)).toEqual(new Set(events.map((e) => e.event_id)));
    expect(await getReplay(db.sql, 'resuming', replayId)).toMatchObject({
      status: 'done',
      published: 1_100,
    });
  });
});
