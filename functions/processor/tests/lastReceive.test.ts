import { S3Client } from '@aws-sdk/client-s3';
import {
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { awsClientOptions } from '@fluxa/config';
import { claim, getEventStatus } from '@fluxa/db';
import { sqsRecordFrom, toSqsAttributes } from '@fluxa/queue';
import { aValidEvent, type TestEvent } from '@fluxa/testing';
import type { SQSEvent } from 'aws-lambda';
import { inlineMessage, s3Message } from './helpers/events';
import { createWorld, deliver, drain, type World } from './helpers/world';

let world: World;

beforeAll(async () => {
  world = await createWorld();
  await world.sql.unsafe(`
    create function refuse_always() returns trigger language plpgsql as $$
    begin
      if new.merchant = 'internal-error' then
        raise exception 'not a data error' using errcode = 'XX000';
      end if;
      return new;
    end $$;
    create trigger refuse_always before insert on events
      for each row execute function refuse_always();`);
});

afterAll(async () => {
  await world.close();
});

const attribute = (message: Message | undefined, name: string) =>
  message?.MessageAttributes?.[name]?.StringValue;

/** Waits (long-polling the real queue) for the next delivery of the one queued message. */
async function nextDelivery(): Promise<Message> {
  for (;;) {
    const { Messages } = await world.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: world.aws.queueUrl,
        MaxNumberOfMessages: 1,
        WaitTimeSeconds: 2,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
      }),
    );
    const [message] = Messages ?? [];
    if (message) return message;
  }
}

async function enqueue(event: TestEvent): Promise<void> {
  const message = inlineMessage(event);
  await world.sqs.send(
    new SendMessageCommand({
      QueueUrl: world.aws.queueUrl,
      MessageBody: message.body,
      MessageAttributes: toSqsAttributes(message.attributes),
    }),
  );
}

/** What the event source mapping does with a record the processor did not report: delete it. */
const settle = (message: Message) =>
  world.sqs.send(
    new DeleteMessageCommand({
      QueueUrl: world.aws.queueUrl,
      ReceiptHandle: message.ReceiptHandle,
    }),
  );

const asEvent = (message: Message) => ({
  Records: [sqsRecordFrom(message, world.aws.queueArn, 'us-east-1')],
});

describe('the last allowed receive', () => {
  it('retries a failing record before its last receive, then dead-letters it with the retry code and last error and marks it failed', async () => {
    // Prepare
    const event = aValidEvent({ merchant: 'internal-error' });
    await enqueue(event);
    const processor = world.processor();

    // Act
    const outcomes: number[] = [];
    for (let receive = 1; receive <= 3; receive += 1) {
      const message = await nextDelivery();
      expect(attribute(message, 'event_id')).toBe(event.event_id);
      expect(message.Attributes?.ApproximateReceiveCount).toBe(String(receive));
      const failed = (await processor(asEvent(message))).batchItemFailures.length;
      outcomes.push(failed);
      if (failed === 0) await settle(message);
    }

    // Assess
    expect(outcomes).toEqual([1, 1, 0]);
    const dead = await drain(world, world.aws.dlqUrl);
    expect(dead).toHaveLength(1);
    expect(attribute(dead[0], 'error_code')).toBe('DB_WRITE');
    expect(attribute(dead[0], 'receive_count')).toBe('3');
    expect(attribute(dead[0], 'error_message')).toMatch(
      /^gave up after 3 receives: .*not a data error/,
    );
    const status = await getEventStatus(world.sql, {
      tenant_id: 'default',
      event_id: event.event_id,
    });
    expect(status).toMatchObject({
      status: 'failed',
      error_reason: expect.stringMatching(/^DB_WRITE: /),
    });
  });

  it('dead-letters a record with its reason when the database is unreachable on its last receive', async () => {
    // Prepare
    const event = aValidEvent();
    await enqueue(event);
    for (let receive = 1; receive < 3; receive += 1) await nextDelivery(); // not processed: times out
    const last = await nextDelivery();
    const unreachable = world.processor({
      database: () =>
        Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
    });

    // Act
    const result = await unreachable(asEvent(last));
    await settle(last);

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    const dead = await drain(world, world.aws.dlqUrl);
    expect(dead.map((m) => attribute(m, 'error_code'))).toEqual(['DB_UNAVAILABLE']);
    expect(attribute(dead[0], 'error_message')).toContain('ECONNREFUSED');
    expect(dead[0]?.Body).toBe(last.Body);
  });

  it('does not dead-letter a record whose event is stored with its payload (a commit whose answer was lost)', async () => {
    // Prepare: A is stored; on their last receive, A and B fail together in one statement
    const stored = aValidEvent();
    await world.processor()(await deliver(world, [inlineMessage(stored)]));
    const failing = aValidEvent({ merchant: 'internal-error' });
    const batch = onLastReceive(
      await deliver(world, [inlineMessage(stored), inlineMessage(failing)]),
    );

    // Act
    const result = await world.processor()(batch);

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    const dead = await drain(world, world.aws.dlqUrl);
    expect(dead.map((m) => attribute(m, 'event_id'))).toEqual([failing.event_id]);
    expect(attribute(dead[0], 'error_code')).toBe('DB_WRITE');
    const key = { tenant_id: 'default', event_id: stored.event_id };
    expect((await getEventStatus(world.sql, key))?.status).toBe('stored');
  });

  it('never takes the live lease of another processor when it gives a record up', async () => {
    // Prepare: another processor holds the key; this one cannot read the payload
    const event = aValidEvent();
    const { message, sha256 } = s3Message(
      event,
      world.aws.bucket,
      `raw/default/x/${event.event_id}.json`,
    );
    const key = { tenant_id: 'default', event_id: event.event_id };
    await claim(
      world.sql,
      [{ ...key, sha256, user_id: event.user_id, received_at: new Date().toISOString() }],
      600,
    );
    const unreachableS3 = new S3Client({
      ...awsClientOptions(),
      endpoint: 'http://127.0.0.1:1',
      maxAttempts: 1,
    });
    const batch = onLastReceive(await deliver(world, [message]));

    // Act
    const result = await world.processor({ s3: async () => unreachableS3 })(batch);

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    const dead = await drain(world, world.aws.dlqUrl);
    expect(dead.map((m) => attribute(m, 'error_code'))).toEqual(['PAYLOAD_READ']);
    const [row] = await world.sql`
      select status, locked_until > now() as leased from idempotency_keys
      where event_id = ${event.event_id}`;
    expect(row).toEqual({ status: 'processing', leased: true });
  });
});

/** The batch as the event source mapping hands it on each record's last allowed receive (3). */
function onLastReceive(batch: SQSEvent): SQSEvent {
  return {
    Records: batch.Records.map((r) => ({
      ...r,
      attributes: { ...r.attributes, ApproximateReceiveCount: '3' },
    })),
  };
}
