import { createHash } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, type Message, SQSClient } from '@aws-sdk/client-sqs';
import { type FluxaAwsResources, provisionAws, waitUntil } from '@fluxa/local-runtime';
import { canonicalJson, type DeadLetterCode, type EventInput } from '@fluxa/models';
import {
  encodeEnvelope,
  inlineEnvelope,
  type QueueMessage,
  s3Envelope,
  sendMessage,
  sendToDeadLetterQueue,
} from '@fluxa/queue';
import { payloadKey, putPayload } from '@fluxa/storage';
import { aValidEvent, receiveAll, requireTestEnv } from '@fluxa/testing';

let counter = 0;

/** SendMessageBatch caps a whole call at 256 KiB. */
const maxBatchBytes = 262_144;

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

/** An SQS client on the emulator and fresh queues on it: what each DLQ test starts from. */
export async function newQueues(): Promise<{ sqs: SQSClient; aws: FluxaAwsResources }> {
  const sqs = emulatorSqs();
  return { sqs, aws: await freshQueues(sqs) };
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

/** A message as the processor dead-letters it: the original message plus why. */
export interface DeadLetterSpec {
  eventId: string;
  /** The event's tenant (default: `default`). */
  tenantId?: string;
  /** Keep the payload in this bucket (an S3 envelope), as ingest does for a large one. */
  payloadBucket?: string;
  /** Fields of the event other than its id (default: `aValidEvent`'s). */
  event?: Partial<EventInput>;
  /** The envelope's hash does not match its payload, as for HASH_MISMATCH. */
  tampered?: boolean;
  /** Omit to mimic a message SQS moved after maxReceiveCount (no dead-letter attributes). */
  errorCode?: DeadLetterCode;
  errorMessage?: string;
  failedAt?: Date;
  /** How many times the main queue had delivered it (default 1). */
  receiveCount?: number;
}

/** A real S3 client on the test run's emulator. */
export function emulatorS3(): S3Client {
  return new S3Client({
    endpoint: requireTestEnv('AWS_ENDPOINT_URL'),
    region: requireTestEnv('AWS_REGION'),
    forcePathStyle: true,
  });
}

/**
 * The main-queue message ingest sends for an event: its INLINE envelope, or with a
 * `payloadBucket` its S3 envelope (the payload put there first, under its key), id attributes.
 */
export async function ingestMessage(letter: DeadLetterSpec): Promise<QueueMessage> {
  const payload = canonicalJson(aValidEvent({ ...letter.event, event_id: letter.eventId }));
  const sha256 = createHash('sha256').update(payload).digest('hex');
  const accepted = {
    tenantId: letter.tenantId ?? 'default',
    eventId: letter.eventId,
    correlationId: `corr-${letter.eventId}`,
    payload,
    sha256: letter.tampered ? '0'.repeat(64) : sha256,
    receivedAt: new Date(),
  };
  if (letter.payloadBucket === undefined) return encodeEnvelope(inlineEnvelope(accepted));
  const location = { bucket: letter.payloadBucket, key: payloadKey(accepted) };
  await putPayload(emulatorS3(), location, payload, sha256);
  return encodeEnvelope(s3Envelope(accepted, location));
}

/**
 * Puts a message on the DLQ with the queue package's own senders: dead-lettered as the
 * processor does it (its attributes), or, without an error code, as SQS moves one.
 */
export async function putDeadLetter(
  sqs: SQSClient,
  dlqUrl: string,
  letter: DeadLetterSpec,
): Promise<void> {
  const original = await ingestMessage(letter);
  if (!letter.errorCode) {
    await sendMessage(sqs, dlqUrl, original);
    return;
  }
  const [outcome] = await sendToDeadLetterQueue(
    sqs,
    dlqUrl,
    [
      {
        original,
        errorCode: letter.errorCode,
        errorMessage: letter.errorMessage ?? `${letter.errorCode} happened`,
        sourceMessageId: `src-${letter.eventId}`,
        failedAt: letter.failedAt ?? new Date(),
        receiveCount: letter.receiveCount ?? 1,
      },
    ],
    maxBatchBytes,
  );
  if (!outcome?.ok) throw new Error(`dead-lettering ${letter.eventId} failed`);
}

/** Approximate visible and in-flight message counts of a queue. */
async function depth(
  sqs: SQSClient,
  queueUrl: string,
): Promise<{ visible: number; inFlight: number }> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return {
    visible: Number(Attributes?.ApproximateNumberOfMessages ?? 0),
    inFlight: Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0),
  };
}

/** How many messages are visible on a queue right now. */
export async function visibleCount(sqs: SQSClient, queueUrl: string): Promise<number> {
  return (await depth(sqs, queueUrl)).visible;
}

/** Every visible message, with all attributes, kept on the queue and hidden for a minute. */
export function receiveKept(sqs: SQSClient, queueUrl: string): Promise<Message[]> {
  return receiveAll(sqs, queueUrl, { keepHiddenSeconds: 60 });
}

/**
 * Every message of a queue once none is in flight but those received here: messages the
 * CLI released (visible again after 1 s) are received as they reappear, until the queue
 * holds nothing else.
 */
export async function settledMessages(sqs: SQSClient, queueUrl: string): Promise<Message[]> {
  const received: Message[] = [];
  await waitUntil(
    async () => {
      received.push(...(await receiveKept(sqs, queueUrl)));
      return (await depth(sqs, queueUrl)).inFlight === received.length;
    },
    { timeoutMs: 10_000, what: `released messages of ${queueUrl} visible again` },
  );
  return received;
}
