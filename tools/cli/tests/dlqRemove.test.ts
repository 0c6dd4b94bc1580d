import { DeleteObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { FluxaAwsResources } from '@fluxa/local-runtime';
import {
  awsEnv,
  type DeadLetterSpec,
  emulatorS3,
  newQueues,
  putDeadLetter,
  settledMessages,
} from './helpers/queues';
import { fluxa } from './helpers/run';

let sqs: SQSClient;
let aws: FluxaAwsResources;

beforeEach(async () => {
  ({ sqs, aws } = await newQueues());
});

const run = (argv: string[], confirm?: (question: string) => Promise<boolean>) =>
  fluxa([...argv, '--dlq-url', aws.dlqUrl], { env: awsEnv(), ...(confirm ? { confirm } : {}) });

/** The event ids of the letters left in the DLQ once it settled. */
const leftIds = async () =>
  (await settledMessages(sqs, aws.dlqUrl))
    .map((message) => message.MessageAttributes?.event_id?.StringValue)
    .sort();

describe('fluxa dlq rm', () => {
  it('removes exactly the letters it names, and no other', async () => {
    // Prepare
    for (const eventId of ['a', 'b', 'c']) {
      await putDeadLetter(sqs, aws.dlqUrl, { eventId, errorCode: 'EVENT_ID_CONFLICT' });
    }
    await putDeadLetter(sqs, aws.dlqUrl, {
      eventId: 'a',
      tenantId: 'acme',
      errorCode: 'EVENT_ID_CONFLICT',
    });

    // Act
    const result = await run([
      'dlq',
      'rm',
      '--event-id',
      'a',
      '--event-id',
      'c',
      '--tenant',
      'default',
      '--yes',
      '--json',
    ]);

    // Assess
    expect(result.code).toBe(0);
    expect(result.json()).toMatchObject({ removed: 2, not_found: [], not_removed: [] });
    const left = (await settledMessages(sqs, aws.dlqUrl)).map((message) => {
      const attributes = message.MessageAttributes ?? {};
      return `${attributes.tenant_id?.StringValue}/${attributes.event_id?.StringValue}`;
    });
    expect(left.sort()).toEqual(['acme/a', 'default/b']);
  });

  it('removes a letter by its message id', async () => {
    // Prepare
    await putDeadLetter(sqs, aws.dlqUrl, { eventId: 'keep', errorCode: 'HASH_MISMATCH' });
    await putDeadLetter(sqs, aws.dlqUrl, { eventId: 'drop', errorCode: 'HASH_MISMATCH' });
    const listed = (await run(['dlq', 'ls', '--event-id', 'drop', '--json'])).json() as {
      messages: Array<{ message_id: string }>;
    };
    const messageId = listed.messages[0]?.message_id ?? '';

    // Act
    const result = await run(['dlq', 'rm', '--message-id', messageId, '--yes']);

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('removed 1 of 2 dead letter(s) examined');
    expect(await leftIds()).toEqual(['keep']);
  });

  it('asks first, and removes nothing when the answer is no', async () => {
    // Prepare
    await putDeadLetter(sqs, aws.dlqUrl, { eventId: 'a', errorCode: 'HASH_MISMATCH' });
    const questions: string[] = [];

    // Act
    const result = await run(['dlq', 'rm', '--code', 'HASH_MISMATCH'], async (question) => {
      questions.push(question);
      return false;
    });

    // Assess
    expect(questions).toEqual(['remove these 1 dead letter(s)?']);
    expect(result.stderr).toMatch(/^AGE\s+ERROR_CODE\s+TENANT\s+EVENT_ID\s+MESSAGE_ID\s+REASON$/m);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('removed 0 of 1 dead letter(s) examined (not confirmed)');
    expect(await leftIds()).toEqual(['a']);
  });

  it('refuses to remove without --yes when nobody can confirm, touching nothing', async () => {
    // Prepare
    await putDeadLetter(sqs, aws.dlqUrl, { eventId: 'a', errorCode: 'HASH_MISMATCH' });

    // Act
    const result = await run(['dlq', 'rm', '--code', 'HASH_MISMATCH']);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('fluxa: stdin is not a terminal to confirm on: pass --yes\n');
    expect(await leftIds()).toEqual(['a']);
  });

  it('lists what it would remove with --dry-run, and removes nothing', async () => {
    // Prepare
    await putDeadLetter(sqs, aws.dlqUrl, { eventId: 'a', errorCode: 'HASH_MISMATCH' });
    await putDeadLetter(sqs, aws.dlqUrl, { eventId: 'b', errorCode: 'DB_WRITE' });

    // Act
    const result = await run(['dlq', 'rm', '--code', 'HASH_MISMATCH', '--dry-run']);

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\S+ s\s+HASH_MISMATCH\s+default\s+a\s/m);
    expect(result.stdout).toContain(
      'dry run: would remove 1 of 2 dead letter(s) examined; nothing removed',
    );
    expect(await leftIds()).toEqual(['a', 'b']);
  });

  it('says which named event it did not find, exit 1', async () => {
    // Prepare
    await putDeadLetter(sqs, aws.dlqUrl, { eventId: 'a', errorCode: 'HASH_MISMATCH' });

    // Act
    const result = await run(['dlq', 'rm', '--event-id', 'a', '--event-id', 'zzz', '--yes']);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('not found in the DLQ: event zzz');
    expect(await leftIds()).toEqual([]);
  });

  it('refuses to remove without a name of what to remove', async () => {
    // Act
    const result = await run(['dlq', 'rm', '--tenant', 'default', '--yes']);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('name the letters: --message-id, --event-id or --code');
  });
});

describe('fluxa dlq purge', () => {
  it('removes every letter of the user in the tenant, its payload read from S3 when large', async () => {
    // Prepare
    const letters: DeadLetterSpec[] = [
      { eventId: 'inline', event: { user_id: 'u-1' }, errorCode: 'DB_WRITE' },
      {
        eventId: 'large',
        event: { user_id: 'u-1' },
        payloadBucket: aws.bucket,
        errorCode: 'PAYLOAD_READ',
      },
      { eventId: 'other-user', event: { user_id: 'u-2' }, errorCode: 'DB_WRITE' },
      {
        eventId: 'other-tenant',
        tenantId: 'acme',
        event: { user_id: 'u-1' },
        errorCode: 'DB_WRITE',
      },
    ];
    for (const letter of letters) await putDeadLetter(sqs, aws.dlqUrl, letter);

    // Act
    const result = await run([
      'dlq',
      'purge',
      '--user',
      'u-1',
      '--tenant',
      'default',
      '--yes',
      '--json',
    ]);

    // Assess
    expect(result.code).toBe(0);
    expect(result.json()).toMatchObject({ removed: 2, undecided: [] });
    expect(await leftIds()).toEqual(['other-tenant', 'other-user']);
  });

  it('leaves a letter whose user it cannot read, says why, exit 1', async () => {
    // Prepare
    await putDeadLetter(sqs, aws.dlqUrl, {
      eventId: 'gone',
      event: { user_id: 'u-1' },
      payloadBucket: aws.bucket,
      errorCode: 'PAYLOAD_MISSING',
    });
    const s3 = emulatorS3();
    const { Contents: objects = [] } = await s3.send(
      new ListObjectsV2Command({ Bucket: aws.bucket }),
    );
    for (const object of objects) {
      await s3.send(new DeleteObjectCommand({ Bucket: aws.bucket, Key: object.Key }));
    }
    await putDeadLetter(sqs, aws.dlqUrl, {
      eventId: 'inline',
      event: { user_id: 'u-1' },
      errorCode: 'DB_WRITE',
    });

    // Act
    const result = await run(['dlq', 'purge', '--user', 'u-1', '--tenant', 'default', '--yes']);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^left \S+: its payload s3:\/\/\S+ is gone$/m);
  });

  it('needs the tenant, a user id being unique only within one', async () => {
    // Act
    const result = await run(['dlq', 'purge', '--user', 'u-1', '--yes']);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--tenant is required');
  });
});
