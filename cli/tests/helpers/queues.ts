import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import {
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { type FluxaAwsResources, provisionAws } from '@fluxa/local-runtime';
import { requireTestEnv } from '@fluxa/testing';

let counter = 0;

/** The emulator environment the CLI needs (endpoint, region, test credentials). */
export function awsEnv(): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: requireTestEnv('AWS_ENDPOINT_URL'),
    AWS_REGION: requireTestEnv('AWS_REGION'),
    AWS_ACCESS_KEY_ID: requireTestEnv('AWS_ACCESS_KEY_ID'),
    AWS_SECRET_ACCESS_KEY: requireTestEnv('AWS_SECRET_ACCESS_KEY'),
  };
}

/** A real SQS client on the test run's emulator (or another one). */
export function emulatorSqs(endpoint = requireTestEnv('AWS_ENDPOINT_URL')): SQSClient {
  return new SQSClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
}

/** Fresh queue + DLQ (and topic, bucket) as Terraform provisions them. */
export async function freshQueues(sqs: SQSClient): Promise<FluxaAwsResources> {
  counter += 1;
  const options = {
    endpoint: requireTestEnv('AWS_ENDPOINT_URL'),
    region: requireTestEnv('AWS_REGION'),
    forcePathStyle: true,
  };
  return provisionAws(
    { sqs, sns: new SNSClient(options), s3: new S3Client(options) },
    { prefix: `cli-${process.pid}-${counter}-${Date.now() % 100000}` },
  );
}

/** A message as the processor dead-letters it: original envelope and attributes plus the reason. */
export interface DeadLetterSpec {
  eventId: string;
  /** Omit to mimic a message SQS moved after maxReceiveCount (no reason attributes). */
  errorCode?: string;
  errorMessage?: string;
  failedAt?: Date;
  /** The body (default: an envelope whose hash does not match, as for HASH_MISMATCH). */
  body?: string;
}

/** Puts a DLQ-shaped message on the DLQ. */
export async function putDeadLetter(
  sqs: SQSClient,
  dlqUrl: string,
  letter: DeadLetterSpec,
): Promise<void> {
  const envelope = {
    v: 1,
    event_id: letter.eventId,
    correlation_id: `corr-${letter.eventId}`,
    payload_mode: 'INLINE',
    payload_inline: JSON.stringify({ event_id: letter.eventId }),
    payload_sha256: '0'.repeat(64),
    received_at: '2026-11-23T10:00:00.000Z',
  };
  const attributes: Record<string, string> = {
    correlation_id: envelope.correlation_id,
    event_id: letter.eventId,
  };
  if (letter.errorCode) {
    Object.assign(attributes, {
      error_code: letter.errorCode,
      error_message: letter.errorMessage ?? `${letter.errorCode} happened`,
      failed_at: (letter.failedAt ?? new Date()).toISOString(),
      source_message_id: `src-${letter.eventId}`,
    });
  }
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: dlqUrl,
      MessageBody: letter.body ?? JSON.stringify(envelope),
      MessageAttributes: Object.fromEntries(
        Object.entries(attributes).map(([name, value]) => [
          name,
          { DataType: 'String', StringValue: value },
        ]),
      ),
    }),
  );
}

/** How many messages are visible on a queue right now. */
export async function visibleCount(sqs: SQSClient, queueUrl: string): Promise<number> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages'],
    }),
  );
  return Number(Attributes?.ApproximateNumberOfMessages ?? 0);
}

/** Receives every visible message (hiding them for a minute), with all attributes. */
export async function receiveAll(sqs: SQSClient, queueUrl: string): Promise<Message[]> {
  const all: Message[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 60,
        MessageAttributeNames: ['All'],
      }),
    );
    if (Messages.length === 0) return all;
    all.push(...Messages);
  }
}

/**
 * Every message of a queue once released messages are visible again (the CLI
 * releases with a 1 s visibility timeout): waits, then receives them all.
 */
export async function settledMessages(sqs: SQSClient, queueUrl: string): Promise<Message[]> {
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  return receiveAll(sqs, queueUrl);
}
