import {
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { FluxaAwsResources } from '@fluxa/local-runtime';
import { isUnsupportedOperation } from '../src/dlq/moveTask';
import {
  awsEnv,
  emulatorSqs,
  freshQueues,
  putDeadLetter,
  receiveAll,
  settledMessages,
  visibleCount,
} from './helpers/queues';
import { fluxa } from './helpers/run';

let sqs: SQSClient;
let aws: FluxaAwsResources;

beforeEach(async () => {
  sqs = emulatorSqs();
  aws = await freshQueues(sqs);
});

const queueFlags = () => ['--dlq-url', aws.dlqUrl, '--queue-url', aws.queueUrl];
const run = (argv: string[]) => fluxa([...argv, ...queueFlags()], { env: awsEnv() });

/**
 * Stands in for a processor that fails every message permanently: receives from
 * the main queue and dead-letters each message with source_message_id, as the
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
        await client.send(
          new SendMessageCommand({
            QueueUrl: queues.dlqUrl,
            MessageBody: message.Body,
            MessageAttributes: {
              ...message.MessageAttributes,
              error_code: { DataType: 'String', StringValue: 'HASH_MISMATCH' },
              source_message_id: { DataType: 'String', StringValue: message.MessageId },
            },
          }),
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
  it('lists error code, reason, age and event id of each message', async () => {
    // Prepare
    await putDeadLetter(sqs, aws.dlqUrl, {
      eventId: 'evt-hash',
      errorCode: 'HASH_MISMATCH',
      errorMessage: 'payload sha256 does not match the envelope',
      failedAt: new Date(Date.now() - 95_000),
    });

    // Act
    const result = await run(['dlq', 'ls']);

    // Assess
    expect(result.code).toBe(0);
    const [header, row] = result.stdout.split('\n');
    expect(header).toMatch(/^AGE\s+ERROR_CODE\s+EVENT_ID\s+REASON$/);
    expect(row).toMatch(
      /^1 min 3\d s\s+HASH_MISMATCH\s+evt-hash\s+payload sha256 does not match the envelope$/,
    );
  });

  it('leaves every message in the DLQ and visible again at once', async () => {
    // Prepare
    for (const id of ['a', 'b', 'c'])
      await putDeadLetter(sqs, aws.dlqUrl, { eventId: id, errorCode: 'X' });

    // Act
    const result = await run(['dlq', 'ls', '--json']);

    // Assess
    expect(result.code).toBe(0);
    const listed = result.json() as { messages: Array<{ event_id: string }> };
    expect(listed.messages.map((message) => message.event_id).sort()).toEqual(['a', 'b', 'c']);
    expect(await settledMessages(sqs, aws.dlqUrl)).toHaveLength(3);
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
          age_seconds: expect.any(Number),
        },
      ],
    });
  });

  it('honours --limit and --error-code', async () => {
    // Prepare
    for (const id of ['a', 'b', 'c', 'd'])
      await putDeadLetter(sqs, aws.dlqUrl, { eventId: id, errorCode: id < 'c' ? 'X' : 'Y' });

    // Act
    const limited = await run(['dlq', 'ls', '--limit', '2', '--json']);
    const filtered = await run(['dlq', 'ls', '--error-code', 'Y', '--json']);

    // Assess
    expect((limited.json() as { messages: unknown[] }).messages).toHaveLength(2);
    const ys = (filtered.json() as { messages: Array<{ event_id: string }> }).messages;
    expect(ys.map((message) => message.event_id).sort()).toEqual(['c', 'd']);
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
    await putDeadLetter(sqs, aws.dlqUrl, { eventId: 'keep-1', errorCode: 'SCHEMA_INVALID' });
    await putDeadLetter(sqs, aws.dlqUrl, { eventId: 'move-1', errorCode: 'DB_DOWN' });
    await putDeadLetter(sqs, aws.dlqUrl, { eventId: 'move-2', errorCode: 'DB_DOWN' });
    await putDeadLetter(sqs, aws.dlqUrl, { eventId: 'keep-2' });

    // Act
    const result = await run(['dlq', 'redrive', '--error-code', 'DB_DOWN', '--json']);

    // Assess
    expect(result.code).toBe(0);
    expect(result.json()).toMatchObject({ moved: 2, skipped: 2, send_failed: 0, dry_run: false });
    const moved = await receiveAll(sqs, aws.queueUrl);
    expect(moved.map((message) => message.MessageAttributes?.event_id?.StringValue).sort()).toEqual(
      ['move-1', 'move-2'],
    );
    for (const message of moved) {
      expect(Object.keys(message.MessageAttributes ?? {}).sort()).toEqual([
        'correlation_id',
        'event_id',
      ]);
      expect(JSON.parse(message.Body ?? '{}')).toMatchObject({ v: 1, payload_mode: 'INLINE' });
    }
    const left = await settledMessages(sqs, aws.dlqUrl);
    expect(left.map((message) => message.MessageAttributes?.event_id?.StringValue).sort()).toEqual([
      'keep-1',
      'keep-2',
    ]);
    expect(
      left.find((m) => m.MessageAttributes?.event_id?.StringValue === 'keep-1')?.MessageAttributes
        ?.error_code?.StringValue,
    ).toBe('SCHEMA_INVALID');
  });

  it('changes nothing with --dry-run but says what would move', async () => {
    // Prepare
    await putDeadLetter(sqs, aws.dlqUrl, { eventId: 'a', errorCode: 'X' });
    await putDeadLetter(sqs, aws.dlqUrl, { eventId: 'b', errorCode: 'Y' });

    // Act
    const result = await run(['dlq', 'redrive', '--dry-run', '--error-code', 'X']);

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('dry run: would move 1 message(s); examined 2, 1 not selected');
    expect(result.stdout).toMatch(/\ba\s+X\b/);
    expect(await visibleCount(sqs, aws.queueUrl)).toBe(0);
    expect(await settledMessages(sqs, aws.dlqUrl)).toHaveLength(2);
  });

  it('moves at most --limit messages', async () => {
    // Prepare
    for (const id of ['a', 'b', 'c', 'd', 'e'])
      await putDeadLetter(sqs, aws.dlqUrl, { eventId: id, errorCode: 'X' });

    // Act
    const result = await run(['dlq', 'redrive', '--limit', '3', '--json']);

    // Assess
    expect(result.json()).toMatchObject({ moved: 3 });
    expect(await visibleCount(sqs, aws.queueUrl)).toBe(3);
    expect(await settledMessages(sqs, aws.dlqUrl)).toHaveLength(2);
  });

  it('falls back to receive → send → delete where StartMessageMoveTask is unsupported, and moves everything', async () => {
    // Prepare
    for (let index = 0; index < 23; index += 1) {
      await putDeadLetter(sqs, aws.dlqUrl, {
        eventId: `e-${index}`,
        errorCode: index % 2 ? 'X' : undefined,
      });
    }

    // Act
    const result = await run(['dlq', 'redrive']);

    // Assess
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('StartMessageMoveTask is not supported by this endpoint');
    expect(result.stderr).toMatch(/redriving: 23\/23 messages \(100%\)/);
    expect(result.stdout).toContain('moved 23 message(s) to the main queue');
    expect(await visibleCount(sqs, aws.queueUrl)).toBe(23);
    expect(await settledMessages(sqs, aws.dlqUrl)).toHaveLength(0);
  });

  it('does not re-send a copy that failed again during the run, so it ends by itself', async () => {
    // Prepare
    const { redriveByReceive } = await import('../src/dlq/redrive');
    for (const id of ['p-1', 'p-2', 'p-3']) {
      await putDeadLetter(sqs, aws.dlqUrl, { eventId: id, errorCode: 'HASH_MISMATCH' });
    }
    const stopProcessor = deadLetterEverything(sqs, aws);

    // Act
    const report = await redriveByReceive(emulatorSqs(), {
      dlqUrl: aws.dlqUrl,
      queueUrl: aws.queueUrl,
      dryRun: false,
    });

    // Assess
    await stopProcessor();
    expect(report).toMatchObject({ moved: 3, returned: 3 });
    expect(await settledMessages(sqs, aws.dlqUrl)).toHaveLength(3);
  });

  it('deletes from the DLQ only after the send succeeded', async () => {
    // Prepare
    const { redriveByReceive } = await import('../src/dlq/redrive');
    for (const id of ['a', 'b'])
      await putDeadLetter(sqs, aws.dlqUrl, { eventId: id, errorCode: 'X' });
    const client = emulatorSqs();
    const commands = recordCommands(client);

    // Act
    const report = await redriveByReceive(client, {
      dlqUrl: aws.dlqUrl,
      queueUrl: aws.queueUrl,
      dryRun: false,
    });

    // Assess
    expect(report.moved).toBe(2);
    const send = commands.indexOf('SendMessageBatchCommand');
    const remove = commands.indexOf('DeleteMessageBatchCommand');
    expect(send).toBeGreaterThan(-1);
    expect(remove).toBeGreaterThan(send);
  });

  it('keeps every message in the DLQ, visible, when the main queue cannot take them', async () => {
    // Prepare
    for (const id of ['a', 'b', 'c'])
      await putDeadLetter(sqs, aws.dlqUrl, { eventId: id, errorCode: 'X' });
    const missingQueue = `${aws.queueUrl}-missing`;

    // Act
    const result = await fluxa(
      ['dlq', 'redrive', '--manual', '--dlq-url', aws.dlqUrl, '--queue-url', missingQueue],
      { env: awsEnv() },
    );

    // Assess
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`stopped: queue does not exist: ${missingQueue}`);
    expect(await settledMessages(sqs, aws.dlqUrl)).toHaveLength(3);
  });

  it('says how to give a DLQ URL when none is known', async () => {
    // Act
    const result = await fluxa(['dlq', 'ls'], { env: awsEnv() });

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no DLQ URL: pass --dlq-url / FLUXA_DLQ_URL');
  });

  it('recognises an unknown-operation error as "unsupported"', () => {
    // Prepare
    const fauxqs = Object.assign(new Error('Unknown action: StartMessageMoveTask'), {
      name: 'InvalidAction',
    });
    const denied = Object.assign(new Error('not authorized'), { name: 'AccessDenied' });

    // Act
    const verdicts = [fauxqs, denied].map(isUnsupportedOperation);

    // Assess
    expect(verdicts).toEqual([true, false]);
  });
});
