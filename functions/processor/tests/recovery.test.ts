import { SNSClient } from '@aws-sdk/client-sns';
import { awsClientOptions } from '@fluxa/config';
import { aValidEvent } from '@fluxa/testing';
import postgres from 'postgres';
import { inlineMessage } from './helpers/events';
import {
  createWorld,
  deliver,
  drain,
  expireLeases,
  type World,
  waitForLockWait,
} from './helpers/world';

let world: World;

beforeAll(async () => {
  world = await createWorld();
});

afterAll(async () => {
  await world.close();
});

const notificationsFor = async (eventId: string) =>
  (await drain(world, world.aws.notificationsQueueUrl)).filter(
    (n) => n.MessageAttributes?.event_id?.StringValue === eventId,
  );

describe('processor recovery', () => {
  it('acknowledges a stored event whose publish failed, leaving its notification owed to the relay', async () => {
    // Prepare
    const event = aValidEvent();
    const unreachableSns = new SNSClient({
      ...awsClientOptions(),
      endpoint: 'http://127.0.0.1:1',
      maxAttempts: 1,
    });
    const batch = await deliver(world, [inlineMessage(event)]);

    // Act
    const result = await world.processor({ sns: unreachableSns })(batch);

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    const [stored] =
      await world.sql`select notified_at from events where event_id = ${event.event_id}`;
    expect(stored).toEqual({ notified_at: null });
    expect(await notificationsFor(event.event_id)).toHaveLength(0);
  });

  it('never publishes a duplicate from its redelivered message: the notification comes from the stored row', async () => {
    // Prepare: stored with one correlation id, its notification still owed
    const event = aValidEvent();
    const unreachableSns = new SNSClient({
      ...awsClientOptions(),
      endpoint: 'http://127.0.0.1:1',
      maxAttempts: 1,
    });
    await world.processor({ sns: unreachableSns })(
      await deliver(world, [inlineMessage(event, 'corr-first')]),
    );

    // Act
    const resent = await world.processor()(
      await deliver(world, [inlineMessage(event, 'corr-resent')]),
    );

    // Assess
    expect(resent.batchItemFailures).toEqual([]);
    expect(await notificationsFor(event.event_id)).toHaveLength(0);
  });

  it('leaves nothing half-written when the database goes away mid-batch, and succeeds on redelivery', async () => {
    // Prepare
    const events = Array.from({ length: 5 }, () => aValidEvent());
    const processorPool = postgres(world.db.url, {
      max: 2,
      onnotice: () => {},
      connection: { application_name: 'processor-under-test' },
    });
    const blocker = await world.sql.reserve();
    await blocker`begin`;
    await blocker`lock table events in exclusive mode`;

    // Act
    const running = world.processor({ database: async () => processorPool })(
      await deliver(
        world,
        events.map((e) => inlineMessage(e)),
      ),
    );
    await waitForLockWait(world, 'processor-under-test');
    await world.sql`
      select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'processor-under-test'`;
    const result = await running;
    await blocker`rollback`;
    blocker.release();
    await processorPool.end({ timeout: 1 });
    const [mid] = await world.sql<{ events: number; success: number }[]>`
      select (select count(*)::int from events where event_id = any(${events.map((e) => e.event_id)})) as events,
             (select count(*)::int from idempotency_keys
               where event_id = any(${events.map((e) => e.event_id)}) and status = 'success') as success`;
    await expireLeases(
      world,
      events.map((e) => e.event_id),
    );
    const redelivered = await world.processor()(
      await deliver(
        world,
        events.map((e) => inlineMessage(e)),
      ),
    );

    // Assess
    expect(result.batchItemFailures).toHaveLength(5);
    expect(mid).toEqual({ events: 0, success: 0 });
    expect(redelivered.batchItemFailures).toEqual([]);
    const [count] = await world.sql<{ n: number }[]>`
      select count(*)::int as n from events where event_id = any(${events.map((e) => e.event_id)}) and notified_at is not null`;
    expect(count?.n).toBe(5);
  });
});
