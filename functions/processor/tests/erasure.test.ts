import { changeSuppression, createErasure, getEventStatus } from '@fluxa/db';
import { aValidEvent } from '@fluxa/testing';
import { inlineMessage } from './helpers/events';
import { createWorld, deliver, drain, type World } from './helpers/world';

let world: World;

beforeAll(async () => {
  world = await createWorld();
});

afterAll(async () => {
  await world.close();
});

const rows = async (eventId: string) =>
  (await world.sql`select 1 from events where event_id = ${eventId}`).length;

const notifiedIds = async () =>
  (await drain(world, world.aws.notificationsQueueUrl)).map(
    (m) => m.MessageAttributes?.event_id?.StringValue,
  );

describe('the processor and erasures', () => {
  it('does not store a queued event of a user erased after it was received, and tombstones its id', async () => {
    // Prepare: received, then its user erased while it waited in the queue
    const queued = aValidEvent({ user_id: 'u-gone' });
    const batch = await deliver(world, [inlineMessage(queued)]);
    await createErasure(world.sql, {
      tenantId: 'default',
      erasureId: 'er-queued',
      request: { user_id: 'u-gone' },
    });

    // Act
    const result = await world.processor()(batch);

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(await rows(queued.event_id)).toBe(0);
    expect(await notifiedIds()).not.toContain(queued.event_id);
    const key = { tenant_id: 'default', event_id: queued.event_id };
    expect((await getEventStatus(world.sql, key))?.status).toBe('erased');
  });

  it('answers a resend of an erased id as a duplicate: not stored, not notified, nothing dead-lettered', async () => {
    // Prepare: the id is erased (a tombstone)
    const event = aValidEvent({ user_id: 'u-resent' });
    await world.sql`insert into tombstones (tenant_id, event_id) values ('default', ${event.event_id})`;

    // Act
    const result = await world.processor()(await deliver(world, [inlineMessage(event)]));

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(await rows(event.event_id)).toBe(0);
    expect(await drain(world, world.aws.dlqUrl)).toEqual([]);
  });

  it('stores a later event of an erased user, but none of a suppressed one', async () => {
    // Prepare
    await createErasure(world.sql, {
      tenantId: 'default',
      erasureId: 'er-later',
      request: { user_id: 'u-back' },
    });
    await world.sql.begin((tx) =>
      changeSuppression(tx, { tenantId: 'default', userId: 'u-muted', suppressed: true }),
    );
    const later = aValidEvent({ user_id: 'u-back' });
    const muted = aValidEvent({ user_id: 'u-muted' });

    // Act
    await world.processor()(await deliver(world, [inlineMessage(later), inlineMessage(muted)]));

    // Assess
    expect(await rows(later.event_id)).toBe(1);
    expect(await rows(muted.event_id)).toBe(0);
  });
});
