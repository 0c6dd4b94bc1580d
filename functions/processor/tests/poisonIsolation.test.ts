import type { Message } from '@aws-sdk/client-sqs';
import { aValidEvent } from '@fluxa/testing';
import { inlineMessage } from './helpers/events';
import { claimed, createWorld, deliver, drain, expireLeases, type World } from './helpers/world';

let world: World;

beforeAll(async () => {
  world = await createWorld();
  // The database refuses a row whose merchant is `poison-<SQLSTATE>` with that SQLSTATE: a
  // stand-in for any value PostgreSQL cannot hold, one SQLSTATE class at a time.
  await world.sql.unsafe(`
    create function refuse_poison() returns trigger language plpgsql as $$
    begin
      if new.merchant like 'poison-%' then
        raise exception 'refused by the test trigger' using errcode = substr(new.merchant, 8, 5);
      end if;
      return new;
    end $$;
    create trigger refuse_poison before insert on events
      for each row execute function refuse_poison();
    create function pause_insert() returns trigger language plpgsql as $$
    begin
      if new.merchant = 'pause' then
        perform pg_advisory_lock(4242);
        perform pg_advisory_unlock(4242);
      end if;
      return new;
    end $$;
    create trigger pause_insert before insert on events
      for each row execute function pause_insert();`);
});

afterAll(async () => {
  await world.close();
});

const attribute = (message: Message | undefined, name: string) =>
  message?.MessageAttributes?.[name]?.StringValue;

const storedIds = async (ids: string[]) =>
  (
    await world.sql<{ event_id: string }[]>`
      select event_id from events where event_id = any(${ids}) and notified_at is not null`
  ).map((row) => row.event_id);

describe('poison isolation', () => {
  it.each([
    ['22 (data exception)', '22P02'],
    ['23 (integrity constraint violation)', '23514'],
    ['54 (program limit exceeded)', '54000'],
  ])(
    'stores and notifies nine of ten when the database refuses one row with SQLSTATE class %s, in one invocation',
    async (_class, sqlstate) => {
      // Prepare
      const good = Array.from({ length: 9 }, () => aValidEvent());
      const poison = aValidEvent({ merchant: `poison-${sqlstate}` });
      const batch = await deliver(world, [
        ...good.slice(0, 4).map((e) => inlineMessage(e)),
        inlineMessage(poison),
        ...good.slice(4).map((e) => inlineMessage(e)),
      ]);

      // Act
      const result = await world.processor()(batch);

      // Assess
      expect(result.batchItemFailures).toEqual([]);
      const goodIds = good.map((e) => e.event_id);
      expect((await storedIds(goodIds)).sort()).toEqual([...goodIds].sort());
      const notified = await drain(world, world.aws.notificationsQueueUrl);
      expect(notified.map((m) => attribute(m, 'event_id')).sort()).toEqual([...goodIds].sort());
      const dead = await drain(world, world.aws.dlqUrl);
      expect(dead.map((m) => attribute(m, 'event_id'))).toEqual([poison.event_id]);
      expect(attribute(dead[0], 'error_code')).toBe('UNSTORABLE_PAYLOAD');
      expect(attribute(dead[0], 'error_message')).toContain(`SQLSTATE ${sqlstate}`);
      const [key] = await world.sql`
        select status, error_reason, locked_until from idempotency_keys where event_id = ${poison.event_id}`;
      expect(key?.status).toBe('failed');
      expect(key?.error_reason).toMatch(/^UNSTORABLE_PAYLOAD: /);
      expect(key?.locked_until).toBeNull();
      expect(
        await world.sql`select 1 from events where event_id = ${poison.event_id}`,
      ).toHaveLength(0);
    },
  );

  it('isolates several refused rows among twenty and stores the other seventeen', async () => {
    // Prepare
    const events = Array.from({ length: 20 }, (_, i) =>
      [2, 11, 19].includes(i) ? aValidEvent({ merchant: 'poison-23514' }) : aValidEvent(),
    );
    const poisonIds = events.filter((e) => e.merchant.startsWith('poison')).map((e) => e.event_id);
    const goodIds = events.filter((e) => !poisonIds.includes(e.event_id)).map((e) => e.event_id);
    const first = await deliver(
      world,
      events.slice(0, 10).map((e) => inlineMessage(e)),
    );
    const second = await deliver(
      world,
      events.slice(10).map((e) => inlineMessage(e)),
    );

    // Act
    const result = await world.processor()({ Records: [...first.Records, ...second.Records] });

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect((await storedIds(goodIds)).sort()).toEqual([...goodIds].sort());
    const dead = await drain(world, world.aws.dlqUrl);
    expect(dead.map((m) => attribute(m, 'event_id')).sort()).toEqual([...poisonIds].sort());
    await drain(world, world.aws.notificationsQueueUrl);
  });

  it('retries the whole batch, storing nothing, when the error is not a data error', async () => {
    // Prepare
    const events = [aValidEvent(), aValidEvent({ merchant: 'poison-XX000' }), aValidEvent()];
    const batch = await deliver(
      world,
      events.map((e) => inlineMessage(e)),
    );

    // Act
    const result = await world.processor()(batch);

    // Assess
    expect(result.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(
      batch.Records.map((r) => r.messageId).sort(),
    );
    const ids = events.map((e) => e.event_id);
    expect(await world.sql`select 1 from events where event_id = any(${ids})`).toHaveLength(0);
    expect(await drain(world, world.aws.dlqUrl)).toHaveLength(0);
    const leases = await world.sql`
      select 1 from idempotency_keys where event_id = any(${ids}) and locked_until > now()`;
    expect(leases).toHaveLength(0); // nothing for the redelivery to wait out
  });

  it('dead-letters as a conflict a claimed row another processor stored after the lease expired', async () => {
    // Prepare: a poison row sends the batch down the isolating path; the test holds the
    // write of `x` (its insert waits on an advisory lock) until x's lease has expired and
    // another processor stored x with another payload.
    const poison = aValidEvent({ event_id: 'a-poison', merchant: 'poison-23514' });
    const x = aValidEvent({ event_id: 'z-lease', merchant: 'pause' });
    const xElsewhere = { ...x, merchant: 'Another Shop' };
    const gate = await world.sql.reserve();
    await gate`select pg_advisory_lock(4242)`;
    const batch = await deliver(world, [inlineMessage(poison), inlineMessage(x)]);

    // Act
    const running = world.processor()(batch);
    await claimed(world, [x.event_id]);
    await expireLeases(world, [x.event_id]);
    const other = await world.processor()(await deliver(world, [inlineMessage(xElsewhere)]));
    await gate`select pg_advisory_unlock(4242)`;
    gate.release();
    const result = await running;

    // Assess
    expect(other.batchItemFailures).toEqual([]);
    expect(result.batchItemFailures).toEqual([]);
    const dead = await drain(world, world.aws.dlqUrl);
    const codes = Object.fromEntries(
      dead.map((m) => [attribute(m, 'event_id'), attribute(m, 'error_code')]),
    );
    expect(codes).toEqual({ 'a-poison': 'UNSTORABLE_PAYLOAD', 'z-lease': 'EVENT_ID_CONFLICT' });
    const notified = await drain(world, world.aws.notificationsQueueUrl);
    const forX = notified.filter((m) => attribute(m, 'event_id') === x.event_id);
    expect(forX.map((m) => JSON.parse(m.Body ?? '{}').merchant)).toEqual(['Another Shop']);
  });
});
