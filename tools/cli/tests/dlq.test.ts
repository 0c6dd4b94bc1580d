import {
  CreateQueueCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { FluxaAwsResources } from '@fluxa/local-runtime';
import { sendToDeadLetterQueue } from '@fluxa/queue';
import { redriveByReceive } from '../src/dlq/redrive';
import {
  awsEnv,
  emulatorSqs,
  newQueues,
  putDeadLetter,
  receiveKept,
  settledMessages,
  visibleCount,
} from './helpers/queues';
import { fluxa } from './helpers/run';

let sqs: SQSClient;
let aws: FluxaAwsResources;

beforeEach(async () => {
  ({ sqs, aws } = await newQueues());
});

const queueFlags = () => ['--dlq-url', aws.dlqUrl, '--queue-url', aws.queueUrl];
const run = (argv: string[]) => fluxa([...argv, ...queueFlags()], { env: awsEnv() });
const eventIds = (
  messages: Array<{ MessageAttributes?: Record<string, { StringValue?: string }> }>,
) => messages.map((message) => message.MessageAttributes?.event_id?.StringValue).sort();

/**
 * Stands in for a processor that fails every message permanently: receives from the
 * main queue and dead-letters each message with the queue package's own sender, as the
 * real processor does, until stopped.
 */
function deadLetterEverything(client: SQSClient, queues: FluxaAwsResources): () => Promise<void> {
  let running = true;
  const loop = (async () => {
    while (running) {
      const { Messages = [] } = await client.send(
        new ReceiveMessageCommand({
          QueueUrl: queues.queueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
          MessageAttributeNames: ['All'],
        }),
      );
      for (const message of Messages) {
        const attributes = Object.entries(message.MessageAttributes ?? {}).map(
          ([name, value]) => [name, value.StringValue ?? ''] as const,
        );
        await sendToDeadLetterQueue(
          client,
          queues.dlqUrl,
          [
            {
              original: { body: message.Body ?? '', attributes: Object.fromEntries(attributes) },
              errorCode: 'HASH_MISMATCH',
              errorMessage: 'payload sha256 does not match the envelope',
              sourceMessageId: message.MessageId ?? '',
              failedAt: new Date(),
              receiveCount: 1,
            },
          ],
          262_144,
        );
        await client.send(
          new DeleteMessageCommand({
            QueueUrl: queues.queueUrl,
            ReceiptHandle: message.ReceiptHandle,
          }),
        );
      }
    }
  })();
  return async () => {
    running = false;
    await loop;
  };
}

/** Every SQS command a client sends, in order (real SDK middleware, no mocks). */
function recordCommands(client: SQSClient): string[] {
  const names: string[] = [];
  client.middlewareStack.add(
    (next, context) => (args) => {
      names.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize' },
  );
  return names;
}

describe('fluxa dlq ls', () => {
  it('lists age, error code, receives, event id and reason of each message', async () => {
    // Prepare
    await putDeadLetter(sqs, aws.dlqUrl, {
      eventId: 'evt-hash',
      errorCode: 'HASH_MISMATCH',
      errorMessage: 'payload sha256 does not match the envelope',
      failedAt: new Date(Date.now() - 95_000),
      receiveCount: 4,
    });

    // Act
    const result = await run(['dlq', 'ls']);

    // Assess
    expect(result.code).toBe(0);
    const [header, row] = result.stdout.split('\n');
    expect(header).toMatch(
      /^AGE\s+ERROR_CODE\s+RECEIVES\s+TENANT\s+EVENT_ID\s+STORED\s+MESSAGE_ID\s+REASON$/,
    );
    expect(row).toMatch(
      /^1 min 3\d s\s+HASH_MISMATCH\s+4\s+default\s+evt-hash\s+unknown\s+\S+\s+payload sha256 does not match the envelope$/,
    );
  });

  it('leaves every message in the DLQ and visible again at once', async () => {
    // Prepare
    for (const id of ['a', 'b', 'c'])
      await putDeadLetter(sqs, aws.dlqUrl, { eventId: id, errorCode: 'DB_UNAVAILABLE' });

    // Act
    const result = await run(['dlq', 'ls', '--json']);

    // Assess
    expect(result.code).toBe(0);
    const listed = result.json() as { messages: Array<{ event_id: string }> };
    expect(listed.messages.map((message) => message.event_id).sort()).toEqual(['a', 'b', 'c']);
    expect(eventIds(await settledMessages(sqs, aws.dlqUrl))).toEqual(['a', 'b', 'c']);
  });

  it('shows messages SQS moved after maxReceiveCount as MAX_RECEIVES_EXCEEDED', async () => {
    // Prepare
    await putDeadLetter(sqs, aws.dlqUrl, { eventId: 'evt-transient' });

    // Act
    const result = await run(['dlq', 'ls', '--json']);

    // Assess
    expect(result.json()).toMatchObject({
      messages: [
        {
          event_id: 'evt-transient',
          correlation_id: 'corr-evt-transient',
          error_code: 'MAX_RECEIVES_EXCEEDED',
          failed_at: null,
          receive_count: null,
          age_seconds: expect.any(Number),
        },
      ],
    });
  });

  it('honours --limit and --code', async () => {
    // Prepare
    for (const id of ['a', 'b', 'c', 'd'])
      await putDeadLetter(sqs, aws.dlqUrl, {
        eventId: id,
        errorCode: id < 'c' ? 'DB_UNAVAILABLE' : 'HASH_MISMATCH',
      });

    // Act
    const limited = await run(['dlq', 'ls', '--limit', '2', '--json']);
    const filtered = await run(['dlq', 'ls', '--code', 'HASH_MISMATCH', '--json']);

    // Assess
    expect((limited.json() as { messages: unknown[] }).messages).toHaveLength(2);
    const matching = (filtered.json() as { messages: Array<{ event_id: string }> }).messages;
    expect(matching.map((message) => message.event_id).sort()).toEqual(['c', 'd']);
  });

  it('says the DLQ is empty', async () => {
    // Act
    const result = await run(['dlq', 'ls']);

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^DLQ empty/);
  });
});

describe('fluxa dlq redrive', () => {
  it('moves exactly the messages with the chosen error code, with their original attributes only', async () => {
    // Prepare
    await putDeadLetter(sqs, aws.dlqUrl, { eventId: 'keep-1', errorCode: 'INVALID_PAYLOAD' });
    await putDeadLetter(sqs, aws.dlqUrl, { eventId: 'move-1', errorCode: 'DB_UNAVAILABLE' });
    await putDeadLetter(sqs, aws.dlqUrl, { eventId: 'move-2', errorCode: 'DB_UNAVAILABLE' });
    await putDeadLetter(sqs, aws.dlqUrl, { eventId: 'keep-2' });

    // Act
    const result = await run(['dlq', 'redrive', '--code', 'DB_UNAVAILABLE', '--json']);

    // Assess
    expect(result.code).toBe(0);
    expect(result.json()).toMatchObject({ moved: 2, skipped: 2, send_failed: 0, dry_run: false });
    const moved = await receiveKept(sqs, aws.queueUrl);
    expect(eventIds(moved)).toEqual(['move-1', 'move-2']);
    for (const message of moved) {
      expect(Object.keys(message.MessageAttributes ?? {}).sort()).toEqual([
        'correlation_id',
        'event_id',
        'tenant_id',
      ]);
      expect(JSON.parse(message.Body ?? '{}')).toMatchObject({ v: 2, payload_mode: 'INLINE' });
    }
    const left = await settledMessages(sqs, aws.dlqUrl);
    expect(eventIds(left)).toEqual(['keep-1', 'keep-2']);
    expect(
      left.find((m) => m.MessageAttributes?.event_id?.StringValue === 'keep-1')?.MessageAttributes
        ?.error_code?.StringValue,
    ).toBe('INVALID_PAYLOAD');
  });

  it('changes nothing with --dry-run but says what would move', async () => {
    // Prepare
    await putDeadLetter(sqs, aws.dlqUrl, { eventId: 'a', errorCode: 'DB_UNAVAILABLE' });
    await putDeadLetter(sqs, aws.dlqUrl, { eventId: 'b', errorCode: 'HASH_MISMATCH' });

    // Act
    const result = await run(['dlq', 'redrive', '--dry-run', '--code', 'DB_UNAVAILABLE']);

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'dry run: would move 1 letter(s) of 2 examined; nothing sent or deleted',
    );
    expect(result.stdout).toContain('  1 HASH_MISMATCH: permanent');
    expect(result.stdout).toMatch(/^ {2}a\s+DB_UNAVAILABLE$/m);
    expect(await visibleCount(sqs, aws.queueUrl)).toBe(0);
    expect(eventIds(await settledMessages(sqs, aws.dlqUrl))).toEqual(['a', 'b']);
  });

  it('moves at most --limit messages', async () => {
    // Prepare
    for (const id of ['a', 'b', 'c', 'd', 'e'])
      await putDeadLetter(sqs, aws.dlqUrl, { eventId: id, errorCode: 'DB_UNAVAILABLE' });

    // Act
    const result = await run(['dlq', 'redrive', '--limit', '3', '--json']);

    // Assess
    expect(result.json()).toMatchObject({ moved: 3 });
    expect(await visibleCount(sqs, aws.queueUrl)).toBe(3);
    expect(await settledMessages(sqs, aws.dlqUrl)).toHaveLength(2);
  });

  it('moves every transient letter by default and says why it left the others, exit 0', async () => {
    // Prepare
    for (let index = 0; index < 23; index += 1) {
      await putDeadLetter(sqs, aws.dlqUrl, {
        eventId: `e-${index}`,
        errorCode: index % 2 ? 'DB_UNAVAILABLE' : undefined,
      });
    }
    await putDeadLetter(sqs, aws.dlqUrl, { eventId: 'tampered', errorCode: 'HASH_MISMATCH' });
    await putDeadLetter(sqs, aws.dlqUrl, { eventId: 'gone', errorCode: 'PAYLOAD_MISSING' });

    // Act
    const result = await run(['dlq', 'redrive']);

    // Assess
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/redriving: 25\/25 letters \(100%\)/);
    expect(result.stdout).toContain('moved 23 letter(s) to the main queue, of 25 examined');
    expect(result.stdout).toContain(
      '  1 HASH_MISMATCH: permanent: the payload differs from its hash (tampering or corruption); redrive with --code HASH_MISMATCH',
    );
    expect(result.stdout).toContain(
      '  1 PAYLOAD_MISSING: needs a fix first: restore the payload object in S3; redrive with --code PAYLOAD_MISSING',
    );
    expect(await visibleCount(sqs, aws.queueUrl)).toBe(23);
    expect(eventIds(await settledMessages(sqs, aws.dlqUrl))).toEqual(['gone', 'tampered']);
  });

  it('moves a permanent code only when it is named', async () => {
    // Prepare
    await putDeadLetter(sqs, aws.dlqUrl, { eventId: 'tampered', errorCode: 'HASH_MISMATCH' });
    await putDeadLetter(sqs, aws.dlqUrl, { eventId: 'transient', errorCode: 'DB_WRITE' });

    // Act
    const result = await run(['dlq', 'redrive', '--code', 'HASH_MISMATCH', '--json']);

    // Assess
    expect(result.json()).toMatchObject({ moved: 1, left_by_code: { DB_WRITE: 1 } });
    expect(eventIds(await receiveKept(sqs, aws.queueUrl))).toEqual(['tampered']);
  });

  it('exits 1 and says so when it could not move a letter it was asked to', async () => {
    // Prepare: a main queue that takes only small messages, and a letter too large for it
    const { QueueUrl: smallQueue } = await sqs.send(
      new CreateQueueCommand({
        QueueName: `${aws.queueUrl.split('/').at(-1)}-small`,
        Attributes: { MaximumMessageSize: '1024' },
      }),
    );
    await putDeadLetter(sqs, aws.dlqUrl, {
      eventId: 'large',
      event: { metadata: { note: 'x'.repeat(2000) } },
      errorCode: 'DB_UNAVAILABLE',
    });

    // Act
    const result = await fluxa(
      ['dlq', 'redrive', '--dlq-url', aws.dlqUrl, '--queue-url', smallQueue ?? ''],
      { env: awsEnv() },
    );

    // Assess
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('moved 0 letter(s) to the main queue, of 1 examined');
    expect(result.stdout).toContain('  1 could not be sent');
    expect(eventIds(await settledMessages(sqs, aws.dlqUrl))).toEqual(['large']);
  });

  it('does not re-send a copy that failed again during the run, so it ends by itself', async () => {
    // Prepare
    for (const id of ['p-1', 'p-2', 'p-3']) {
      await putDeadLetter(sqs, aws.dlqUrl, { eventId: id, errorCode: 'HASH_MISMATCH' });
    }
    const stopProcessor = deadLetterEverything(sqs, aws);

    // Act
    const report = await redriveByReceive(emulatorSqs(), {
      dlqUrl: aws.dlqUrl,
      queueUrl: aws.queueUrl,
      dryRun: false,
      select: () => true,
    });

    // Assess
    await stopProcessor();
    expect(report).toMatchObject({ moved: 3, returned: 3 });
    expect(eventIds(await settledMessages(sqs, aws.dlqUrl))).toEqual(['p-1', 'p-2', 'p-3']);
  });

  it('deletes from the DLQ only after the send succeeded', async () => {
    // Prepare
    for (const id of ['a', 'b'])
      await putDeadLetter(sqs, aws.dlqUrl, { eventId: id, errorCode: 'DB_UNAVAILABLE' });
    const client = emulatorSqs();
    const commands = recordCommands(client);

    // Act
    const report = await redriveByReceive(client, {
      dlqUrl: aws.dlqUrl,
      queueUrl: aws.queueUrl,
      dryRun: false,
      select: () => true,
    });

    // Assess
    expect(report.moved).toBe(2);
    const send = commands.indexOf('SendMessageBatchCommand');
    const remove = commands.indexOf('DeleteMessageBatchCommand');
    expect(send).toBeGreaterThan(-1);
    expect(remove).toBeGreaterThan(send);
  });

  it('stops, keeping every message in the DLQ, when the main queue takes none of them', async () => {
    // Prepare
    for (const id of ['a', 'b', 'c'])
      await putDeadLetter(sqs, aws.dlqUrl, { eventId: id, errorCode: 'DB_UNAVAILABLE' });

    // Act
    const report = await redriveByReceive(sqs, {
      dlqUrl: aws.dlqUrl,
      queueUrl: `${aws.queueUrl}-missing`,
      dryRun: false,
      select: () => true,
    });

    // Assess
    expect(report).toMatchObject({ moved: 0, send_failed: 3 });
    expect(report.error).toMatch(/^the main queue took none of 3 message\(s\) \(.+\)$/);
    expect(eventIds(await settledMessages(sqs, aws.dlqUrl))).toEqual(['a', 'b', 'c']);
  });

  it('refuses to start when the main queue does not exist, touching nothing', async () => {
    // Prepare
    await putDeadLetter(sqs, aws.dlqUrl, { eventId: 'a', errorCode: 'DB_UNAVAILABLE' });
    const missingQueue = `${aws.queueUrl}-missing`;

    // Act
    const result = await fluxa(
      ['dlq', 'redrive', '--dlq-url', aws.dlqUrl, '--queue-url', missingQueue],
      { env: awsEnv() },
    );

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`fluxa: queue does not exist: ${missingQueue}\n`);
    expect(await visibleCount(sqs, aws.dlqUrl)).toBe(1);
  });

  it('says how to give a DLQ URL when none is known', async () => {
    // Act
    const result = await fluxa(['dlq', 'ls'], { env: awsEnv() });

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no DLQ URL: pass --dlq-url / FLUXA_DLQ_URL');
  });
});
