import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { awsClientOptions } from '@fluxa/config';
import { createErasure, getErasure, getEventStatus, insertEvents } from '@fluxa/db';
import { type FluxaAwsResources, provisionAws } from '@fluxa/local-runtime';
import { createLogger } from '@fluxa/logging';
import { createMetrics } from '@fluxa/metrics';
import type { PersistedEvent } from '@fluxa/models';
import { putPayload, sha256Hex } from '@fluxa/storage';
import { aPersistedEvent, createTestDatabase, type TestDatabase } from '@fluxa/testing';
import { createLifecycle, type LifecycleDeps } from '../src';

let db: TestDatabase;
let aws: FluxaAwsResources;
const s3 = new S3Client(awsClientOptions());

beforeAll(async () => {
  db = await createTestDatabase();
  aws = await provisionAws(
    { s3, sqs: new SQSClient(awsClientOptions()), sns: new SNSClient(awsClientOptions()) },
    { prefix: `life-${db.name.slice(-10)}` },
  );
});

afterAll(async () => {
  await db.drop();
});

function lifecycle(overrides: Partial<LifecycleDeps> = {}) {
  return createLifecycle({
    config: {
      idempotencyRetentionDays: 30,
      eventRetentionDays: 30,
      tenantRetentionDays: { acme: 200 },
      payloadBucket: aws.bucket,
    },
    database: async () => db.sql,
    s3: async () => s3,
    logger: createLogger('migrate', { level: 'silent' }),
    metrics: createMetrics('migrate', () => {}),
    ...overrides,
  });
}

/** Stores events as the processor would, then dates them `daysAgo` back. */
async function storedDaysAgo(events: PersistedEvent[], daysAgo: number): Promise<void> {
  await insertEvents(db.sql, events);
  await db.sql`
    update events set created_at = now() - make_interval(days => ${daysAgo}),
                      received_at = now() - make_interval(days => ${daysAgo})
    where event_id = any(${events.map((e) => e.event_id)})`;
}

/** An S3-mode event whose payload object exists. */
async function withPayload(overrides: Partial<PersistedEvent>): Promise<PersistedEvent> {
  const event = aPersistedEvent({ payload_mode: 'S3', ...overrides });
  const key = `raw/${event.tenant_id}/2026-01-01/${event.event_id}/${sha256Hex(event.event_id)}.json`;
  await putPayload(s3, { bucket: aws.bucket, key }, '{}', sha256Hex('{}'));
  return { ...event, s3_key: key };
}

const objectExists = (key: string | undefined) =>
  s3.send(new HeadObjectCommand({ Bucket: aws.bucket, Key: key })).then(
    () => true,
    () => false,
  );

const stored = async (events: PersistedEvent[]) =>
  (
    await db.sql<{ event_id: string }[]>`
      select event_id from events where event_id = any(${events.map((e) => e.event_id)})
      order by event_id`
  ).map((row) => row.event_id);

describe('the lifecycle run', () => {
  it('deletes events past their retention with their payloads, a tenant’s override applied', async () => {
    // Prepare: default tenant 30 days, acme 200 days
    const oldDefault = await withPayload({ tenant_id: 'default' });
    const recentDefault = aPersistedEvent({ tenant_id: 'default' });
    const oldAcme = aPersistedEvent({ tenant_id: 'acme' });
    const ancientAcme = aPersistedEvent({ tenant_id: 'acme' });
    await storedDaysAgo([oldDefault, oldAcme], 100);
    await storedDaysAgo([recentDefault], 1);
    await storedDaysAgo([ancientAcme], 300);

    // Act
    const report = await lifecycle()(30_000);

    // Assess
    const all = [oldDefault, recentDefault, oldAcme, ancientAcme];
    expect(await stored(all)).toEqual([recentDefault.event_id, oldAcme.event_id].sort());
    expect(await objectExists(oldDefault.s3_key)).toBe(false);
    expect(report.retention).toMatchObject({ eventsDeleted: 2, objectsDeleted: 1 });
  });

  it('erases a user: rows and payloads gone, a tombstone per id, the user id forgotten', async () => {
    // Prepare
    const erased = [
      await withPayload({ tenant_id: 'globex', user_id: 'u-erased' }),
      aPersistedEvent({ tenant_id: 'globex', user_id: 'u-erased' }),
    ];
    const kept = aPersistedEvent({ tenant_id: 'globex', user_id: 'u-kept' });
    await storedDaysAgo([...erased, kept], 0);
    const erasure = await createErasure(db.sql, {
      tenantId: 'globex',
      erasureId: 'er-1',
      request: { user_id: 'u-erased' },
    });

    // Act
    const report = await lifecycle()(30_000);

    // Assess
    expect(await stored([...erased, kept])).toEqual([kept.event_id]);
    expect(await objectExists(erased[0]?.s3_key)).toBe(false);
    expect(await getErasure(db.sql, 'globex', erasure.erasure_id)).toMatchObject({
      status: 'done',
      events_deleted: 2,
      objects_deleted: 1,
    });
    const [row] = await db.sql`select user_id from erasures where erasure_id = 'er-1'`;
    expect(row).toEqual({ user_id: null });
    const status = await getEventStatus(db.sql, {
      tenant_id: 'globex',
      event_id: erased[1]?.event_id ?? '',
    });
    expect(status?.status).toBe('erased');
    expect(report.erasures).toMatchObject({ eventsDeleted: 2, finished: 1 });
  });

  it('resumes an erasure after a run that failed mid-way, losing nothing', async () => {
    // Prepare: the first run cannot reach S3 (as a crash between object and row would leave it)
    const events = [
      await withPayload({ tenant_id: 'initech', user_id: 'u-resume' }),
      aPersistedEvent({ tenant_id: 'initech', user_id: 'u-resume' }),
    ];
    await storedDaysAgo(events, 0);
    await createErasure(db.sql, {
      tenantId: 'initech',
      erasureId: 'er-2',
      request: { user_id: 'u-resume' },
    });
    const unreachable = new S3Client({
      ...awsClientOptions(),
      endpoint: 'http://127.0.0.1:1',
      maxAttempts: 1,
    });

    // Act
    const failed = lifecycle({ s3: async () => unreachable })(30_000);
    await expect(failed).rejects.toThrow();
    const midway = await getErasure(db.sql, 'initech', 'er-2');
    await lifecycle()(30_000);

    // Assess
    expect(midway).toMatchObject({ status: 'running', events_deleted: 0 });
    expect(await stored(events)).toEqual([]);
    expect(await getErasure(db.sql, 'initech', 'er-2')).toMatchObject({
      status: 'done',
      events_deleted: 2,
    });
  });

  it('purges idempotency keys past their retention, leaving their events stored', async () => {
    // Prepare
    const events = Array.from({ length: 3 }, () => aPersistedEvent({ tenant_id: 'keys' }));
    await storedDaysAgo(events, 0);
    await db.sql`
      insert into idempotency_keys (tenant_id, event_id, status, last_seen_at)
      select 'keys', e, 'success', now() - make_interval(days => 40)
      from unnest(${events.slice(0, 2).map((e) => e.event_id)}::text[]) as e`;

    // Act
    const report = await lifecycle()(30_000);

    // Assess
    expect(report.keys.deleted).toBe(2);
    expect(await stored(events)).toHaveLength(3);
  });

  it('skips a run while another holds the lifecycle lock', async () => {
    // Prepare
    const other = await db.sql.reserve();
    await other`select pg_advisory_lock(${0x4c494645})`;

    // Act
    const report = await lifecycle()(30_000);
    await other`select pg_advisory_unlock(${0x4c494645})`;
    other.release();

    // Assess
    expect(report.skipped).toBe(true);
  });
});
