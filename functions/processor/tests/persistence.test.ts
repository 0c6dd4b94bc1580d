import { claim, getEvent, purgeSucceededKeys } from '@fluxa/db';
import { putPayload } from '@fluxa/storage';
import { aValidEvent } from '@fluxa/testing';
import postgres from 'postgres';
import { inlineMessage, s3Message } from './helpers/events';
import { statementsFor } from './helpers/statements';
import { createWorld, deliver, drain, type World, waitForLockWait } from './helpers/world';

let world: World;

beforeAll(async () => {
  world = await createWorld();
});

afterAll(async () => {
  await world.close();
});

const countRows = async (eventId: string) => {
  const [row] = await world.sql<
    { n: number }[]
  >`select count(*)::int as n from events where event_id = ${eventId}`;
  return row?.n;
};

describe('processor persistence', () => {
  it('persists a valid event exactly, publishes it once and records notified_at', async () => {
    // Prepare
    const event = aValidEvent({
      amount: 1234.56,
      metadata: { order: 'o-1', nested: { a: [1, 2] } },
    });
    const batch = await deliver(world, [inlineMessage(event, 'corr-happy')]);

    // Act
    const result = await world.processor()(batch);

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    const [row] = await world.sql`
      select amount::text, currency, correlation_id, metadata, payload_mode, notified_at from events where event_id = ${event.event_id}`;
    expect(row).toMatchObject({
      amount: '1234.56',
      currency: 'USD',
      correlation_id: 'corr-happy',
      payload_mode: 'INLINE',
    });
    expect(row?.metadata).toEqual({ order: 'o-1', nested: { a: [1, 2] } });
    expect(row?.notified_at).not.toBeNull();
    const notes = await drain(world, world.aws.notificationsQueueUrl);
    expect(
      notes.filter((n) => n.MessageAttributes?.event_id?.StringValue === event.event_id),
    ).toHaveLength(1);
  });

  it('builds the notification from the stored row, with the trace context its message carried', async () => {
    // Prepare
    const event = aValidEvent();
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const message = inlineMessage(event, 'corr-traced');
    const batch = await deliver(world, [
      { ...message, attributes: { ...message.attributes, traceparent } },
    ]);

    // Act
    await world.processor()(batch);

    // Assess
    const [note] = (await drain(world, world.aws.notificationsQueueUrl)).filter(
      (n) => n.MessageAttributes?.event_id?.StringValue === event.event_id,
    );
    const stored = await getEvent(world.sql, { tenant_id: 'default', event_id: event.event_id });
    expect(JSON.parse(note?.Body ?? '{}')).toEqual(stored);
    expect(note?.MessageAttributes?.traceparent?.StringValue).toBe(traceparent);
    expect(note?.MessageAttributes?.correlation_id?.StringValue).toBe('corr-traced');
    const [row] =
      await world.sql`select traceparent from events where event_id = ${event.event_id}`;
    expect(row).toEqual({ traceparent });
  });

  it('keeps one row and one notification when the same event is delivered three times', async () => {
    // Prepare
    const event = aValidEvent();
    const processor = world.processor();

    // Act
    const results = [];
    for (let i = 0; i < 3; i += 1)
      results.push(await processor(await deliver(world, [inlineMessage(event)])));

    // Assess
    expect(results.map((r) => r.batchItemFailures)).toEqual([[], [], []]);
    expect(await countRows(event.event_id)).toBe(1);
    const notes = await drain(world, world.aws.notificationsQueueUrl);
    expect(
      notes.filter((n) => n.MessageAttributes?.event_id?.StringValue === event.event_id),
    ).toHaveLength(1);
  });

  it('never stores an event twice after the retention purge deleted its key: a redelivery is a duplicate, a changed payload a conflict', async () => {
    // Prepare
    const event = aValidEvent();
    const processor = world.processor();
    await processor(await deliver(world, [inlineMessage(event)]));
    await world.sql`
      update idempotency_keys set last_seen_at = now() - interval '400 days', locked_until = null
      where event_id = ${event.event_id}`;
    const purged = await purgeSucceededKeys(world.sql, {
      retentionDays: 365,
      batchSize: 100,
      deadline: Date.now() + 60_000,
    });

    // Act
    const again = await processor(await deliver(world, [inlineMessage(event)]));
    const changed = await processor(
      await deliver(world, [inlineMessage({ ...event, amount: event.amount + 1 })]),
    );

    // Assess
    expect(purged.deleted).toBeGreaterThanOrEqual(1);
    expect([again.batchItemFailures, changed.batchItemFailures]).toEqual([[], []]);
    expect(await countRows(event.event_id)).toBe(1);
    const [row] =
      await world.sql`select amount::float8 as amount from events where event_id = ${event.event_id}`;
    expect(row?.amount).toBe(event.amount);
    const notes = await drain(world, world.aws.notificationsQueueUrl);
    expect(
      notes.filter((n) => n.MessageAttributes?.event_id?.StringValue === event.event_id),
    ).toHaveLength(1);
    const dead = await drain(world, world.aws.dlqUrl);
    expect(dead.map((m) => m.MessageAttributes?.error_code?.StringValue)).toEqual([
      'EVENT_ID_CONFLICT',
    ]);
  });

  it('keeps one row and one notification when two processors get the same event at once', async () => {
    // Prepare: the first processor claims, then waits on a lock (another session's uncommitted
    // key row) to store, while the second runs.
    const event = aValidEvent();
    const first = await deliver(world, [inlineMessage(event)]);
    const second = await deliver(world, [inlineMessage(event)]);
    const firstPool = postgres(world.db.url, {
      max: 2,
      onnotice: () => {},
      connection: { application_name: 'first-processor' },
    });
    const blocker = await world.sql.reserve();
    await blocker`begin`;
    await blocker`
      insert into idempotency_keys (tenant_id, event_id, status)
      values ('default', ${event.event_id}, 'processing')`;

    // Act
    const firstRun = world.processor({ database: async () => firstPool })(first);
    await waitForLockWait(world, 'first-processor');
    const secondResult = await world.processor()(second);
    await blocker`rollback`;
    blocker.release();
    const firstResult = await firstRun;
    await firstPool.end({ timeout: 1 });
    const redelivery = await world.processor()(await deliver(world, [inlineMessage(event)]));

    // Assess: the second saw the first's live claim (they overlapped) and backed off.
    expect(secondResult.batchItemFailures).toEqual([
      { itemIdentifier: second.Records[0]?.messageId },
    ]);
    expect(firstResult.batchItemFailures).toEqual([]);
    expect(redelivery.batchItemFailures).toEqual([]);
    expect(await countRows(event.event_id)).toBe(1);
    const notes = await drain(world, world.aws.notificationsQueueUrl);
    expect(
      notes.filter((n) => n.MessageAttributes?.event_id?.StringValue === event.event_id),
    ).toHaveLength(1);
  });

  it('reports only the record another processor holds when it is one of a batch of 10', async () => {
    // Prepare
    const events = Array.from({ length: 10 }, () => aValidEvent());
    const held = events[4]!;
    const heldKey = { tenant_id: 'default', event_id: held.event_id };
    await claim(
      world.sql,
      [
        {
          ...heldKey,
          sha256: 'f'.repeat(64),
          user_id: held.user_id,
          received_at: new Date().toISOString(),
        },
      ],
      60,
    );
    const batch = await deliver(
      world,
      events.map((e) => inlineMessage(e)),
    );

    // Act
    const result = await world.processor()(batch);

    // Assess
    const heldMessage = batch.Records.find((r) => r.body.includes(held.event_id))!;
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: heldMessage.messageId }]);
    for (const event of events)
      expect(await countRows(event.event_id)).toBe(event === held ? 0 : 1);
  });

  it('persists an S3-mode payload after verifying its hash', async () => {
    // Prepare
    const event = aValidEvent({ metadata: { blob: 'x'.repeat(300_000) } });
    const key = `raw/2026-01-15/${event.event_id}.json`;
    const { payload, sha256, message } = s3Message(event, world.aws.bucket, key);
    await putPayload(world.s3, { bucket: world.aws.bucket, key }, payload, sha256);

    // Act
    const result = await world.processor()(await deliver(world, [message]));

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    const [row] =
      await world.sql`select payload_mode, s3_key, payload_sha256 from events where event_id = ${event.event_id}`;
    expect(row).toEqual({ payload_mode: 'S3', s3_key: key, payload_sha256: sha256 });
  });

  it('uses a constant number of statements per batch, not one per event', async () => {
    // Prepare
    const small = await deliver(
      world,
      [aValidEvent(), aValidEvent()].map((e) => inlineMessage(e)),
    );
    const large = await deliver(
      world,
      Array.from({ length: 10 }, () => inlineMessage(aValidEvent())),
    );

    // Act
    const forSmall = await statementsFor(world, small);
    const forLarge = await statementsFor(world, large);

    // Assess
    expect(forLarge).toBe(forSmall);
  });

  it('stores the same event id from two tenants with different payloads, concurrently: both stored, each notified once, no conflict', async () => {
    // Prepare
    const id = `shared-${Date.now()}`;
    const acme = aValidEvent({ event_id: id, merchant: 'Acme Shop', amount: 10 });
    const globex = aValidEvent({ event_id: id, merchant: 'Globex Store', amount: 20 });
    const forAcme = await deliver(world, [inlineMessage(acme, 'c-acme', 'acme')]);
    const forGlobex = await deliver(world, [inlineMessage(globex, 'c-globex', 'globex')]);

    // Act
    const results = await Promise.all([world.processor()(forAcme), world.processor()(forGlobex)]);

    // Assess
    expect(results.map((r) => r.batchItemFailures)).toEqual([[], []]);
    const rows = await world.sql`
      select tenant_id, merchant, notified_at is not null as notified from events
      where event_id = ${id} order by tenant_id`;
    expect(rows).toEqual([
      { tenant_id: 'acme', merchant: 'Acme Shop', notified: true },
      { tenant_id: 'globex', merchant: 'Globex Store', notified: true },
    ]);
    const notes = (await drain(world, world.aws.notificationsQueueUrl)).filter(
      (n) => n.MessageAttributes?.event_id?.StringValue === id,
    );
    expect(notes.map((n) => n.MessageAttributes?.tenant_id?.StringValue).sort()).toEqual([
      'acme',
      'globex',
    ]);
    expect(await drain(world, world.aws.dlqUrl)).toHaveLength(0);
  });

  it('processes a version 1 envelope (in flight during an upgrade) as tenant default', async () => {
    // Prepare
    const event = aValidEvent();
    const v2 = inlineMessage(event);
    const { tenant_id: _none, ...v1Envelope } = { ...JSON.parse(v2.body), v: 1 };
    const { tenant_id: _attribute, ...attributes } = v2.attributes;
    const batch = await deliver(world, [{ body: JSON.stringify(v1Envelope), attributes }]);

    // Act
    const result = await world.processor()(batch);

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    const [row] = await world.sql`select tenant_id from events where event_id = ${event.event_id}`;
    expect(row?.tenant_id).toBe('default');
  });
});
