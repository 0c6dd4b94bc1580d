import type { Message } from '@aws-sdk/client-sqs';
import { getEvent, getEventStatus } from '@fluxa/db';
import { canonicalizeEvent } from '@fluxa/models';
import type { QueueMessage } from '@fluxa/queue';
import { sha256Hex } from '@fluxa/storage';
import { aValidEvent } from '@fluxa/testing';
import { inlineMessage, s3Message } from './helpers/events';
import { createWorld, deliver, drain, type World } from './helpers/world';

let world: World;

beforeAll(async () => {
  world = await createWorld();
});

afterAll(async () => {
  await world.close();
});

const attribute = (message: Message | undefined, name: string) =>
  message?.MessageAttributes?.[name]?.StringValue;

/** Processes messages and returns the result with what reached the DLQ. */
async function processExpectingDlq(messages: QueueMessage[]) {
  const batch = await deliver(world, messages);
  const result = await world.processor()(batch);
  const dead = await drain(world, world.aws.dlqUrl);
  return { batch, result, dead };
}

describe('processor permanent failures', () => {
  it('sends a hash-mismatched record to the DLQ with its reason and persists nothing', async () => {
    // Prepare
    const event = aValidEvent();
    const message = inlineMessage(event);
    const tampered = {
      ...message,
      body: message.body.replace('"amount\\":12.34', '"amount\\":99.99'),
    };

    // Act
    const { batch, result, dead } = await processExpectingDlq([tampered]);

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(dead).toHaveLength(1);
    expect(attribute(dead[0], 'error_code')).toBe('HASH_MISMATCH');
    expect(attribute(dead[0], 'source_message_id')).toBe(batch.Records[0]?.messageId);
    expect(attribute(dead[0], 'failed_at')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(attribute(dead[0], 'error_message')).toContain('does not match');
    expect(dead[0]?.Body).toBe(tampered.body);
    const rows = await world.sql`select 1 from events where event_id = ${event.event_id}`;
    expect(rows).toHaveLength(0);
    const [key] =
      await world.sql`select status, error_reason from idempotency_keys where event_id = ${event.event_id}`;
    expect(key?.status).toBe('failed');
    expect(key?.error_reason).toMatch(/^HASH_MISMATCH/);
  });

  it('sends a body that is not an envelope to the DLQ as MALFORMED_ENVELOPE', async () => {
    // Act
    const { result, dead } = await processExpectingDlq([{ body: 'not json {', attributes: {} }]);

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(attribute(dead[0], 'error_code')).toBe('MALFORMED_ENVELOPE');
  });

  it('sends a payload that fails event validation to the DLQ as INVALID_PAYLOAD', async () => {
    // Prepare
    const invalid = aValidEvent({ currency: 'ZZZ' });

    // Act
    const { result, dead } = await processExpectingDlq([inlineMessage(invalid)]);

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(attribute(dead[0], 'error_code')).toBe('INVALID_PAYLOAD');
    expect(attribute(dead[0], 'error_message')).toContain('currency');
  });

  it('sends a record whose S3 object is missing to the DLQ as PAYLOAD_MISSING', async () => {
    // Prepare
    const event = aValidEvent();
    const { message } = s3Message(event, world.aws.bucket, `raw/2026-01-15/${event.event_id}.json`);

    // Act
    const { result, dead } = await processExpectingDlq([message]);

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(attribute(dead[0], 'error_code')).toBe('PAYLOAD_MISSING');
  });

  it('keeps the first payload and its success when an event_id returns with another payload', async () => {
    // Prepare
    const first = aValidEvent({ amount: 10 });
    await world.processor()(await deliver(world, [inlineMessage(first)]));
    const stored = { tenant_id: 'default', event_id: first.event_id };
    const before = await getEvent(world.sql, stored);

    // Act
    const { result, dead } = await processExpectingDlq([inlineMessage({ ...first, amount: 20 })]);

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(attribute(dead[0], 'error_code')).toBe('EVENT_ID_CONFLICT');
    expect(await getEvent(world.sql, stored)).toEqual(before);
    const [key] =
      await world.sql`select status, error_reason from idempotency_keys where event_id = ${first.event_id}`;
    expect(key).toEqual({ status: 'success', error_reason: null });
  });

  it('counts refused resends on the stored event, as its status reports them', async () => {
    // Prepare
    const first = aValidEvent({ amount: 10 });
    await world.processor()(await deliver(world, [inlineMessage(first)]));

    // Act
    await processExpectingDlq([inlineMessage({ ...first, amount: 20 }, 'corr-second')]);
    await processExpectingDlq([inlineMessage({ ...first, amount: 30 }, 'corr-third')]);

    // Assess
    const status = await getEventStatus(world.sql, {
      tenant_id: 'default',
      event_id: first.event_id,
    });
    const { json } = canonicalizeEvent({ ...first, amount: 30 }, first.event_id);
    expect(status).toMatchObject({
      status: 'stored',
      conflicts: {
        count: 2,
        last_payload_sha256: sha256Hex(json),
        last_correlation_id: 'corr-third',
        last_received_at: expect.stringMatching(/Z$/),
      },
    });
  });

  it('dead-letters a later copy in the same batch with another payload as a conflict, at once', async () => {
    // Prepare
    const first = aValidEvent({ amount: 10 });
    const second = { ...first, amount: 20 };

    // Act
    const { result, dead } = await processExpectingDlq([
      inlineMessage(first),
      inlineMessage(second),
    ]);

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(dead.map((m) => attribute(m, 'error_code'))).toEqual(['EVENT_ID_CONFLICT']);
    const [stored] = await world.sql<{ amount: number }[]>`
      select amount::float8 as amount from events where event_id = ${first.event_id}`;
    const refused = JSON.parse(JSON.parse(dead[0]?.Body ?? '{}').payload_inline) as {
      amount: number;
    };
    expect([stored?.amount, refused.amount].sort()).toEqual([10, 20]);
  });

  it('reports a permanent failure as transient when the DLQ cannot take it, so nothing is dropped', async () => {
    // Prepare
    const batch = await deliver(world, [{ body: 'garbage', attributes: {} }]);
    const processor = world.processor({
      config: { ...world.config, dlqUrl: `${world.aws.dlqUrl}-absent` },
    });

    // Act
    const result = await processor(batch);

    // Assess
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: batch.Records[0]?.messageId }]);
  });

  it('processes the good records of a batch and dead-letters only the poisoned one', async () => {
    // Prepare
    const good = Array.from({ length: 9 }, () => aValidEvent());
    const poison = { body: '{"v":1}', attributes: {} };

    // Act
    const { result, dead } = await processExpectingDlq([
      ...good.map((e) => inlineMessage(e)),
      poison,
    ]);

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(dead).toHaveLength(1);
    const ids = good.map((e) => e.event_id);
    const [count] = await world.sql<
      { n: number }[]
    >`select count(*)::int as n from events where event_id = any(${ids})`;
    expect(count?.n).toBe(9);
  });

  it('dead-letters an envelope whose event_id holds a NUL without poisoning its batch-mates', async () => {
    // Prepare
    const good = Array.from({ length: 3 }, () => aValidEvent());
    const hostile = JSON.parse(inlineMessage(aValidEvent()).body) as Record<string, unknown>;
    const envelope = {
      body: JSON.stringify({ ...hostile, event_id: 'nul\u0000id' }),
      attributes: {},
    };

    // Act
    const { result, dead } = await processExpectingDlq([
      ...good.map((e) => inlineMessage(e)),
      envelope,
    ]);

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(dead.map((m) => attribute(m, 'error_code'))).toEqual(['MALFORMED_ENVELOPE']);
    const ids = good.map((e) => e.event_id);
    expect(await world.sql`select 1 from events where event_id = any(${ids})`).toHaveLength(3);
  });

  it('re-validates a hand-made payload: a correctly hashed event with a NUL is INVALID_PAYLOAD', async () => {
    // Prepare
    const event = aValidEvent({ merchant: 'Caf\u0000e' });

    // Act
    const { result, dead } = await processExpectingDlq([inlineMessage(event)]);

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(attribute(dead[0], 'error_code')).toBe('INVALID_PAYLOAD');
    expect(attribute(dead[0], 'error_message')).toContain('merchant: must be well-formed Unicode');
  });
});
