import { S3Client } from '@aws-sdk/client-s3';
import {
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { awsClientOptions } from '@fluxa/config';
import { waitUntil } from '@fluxa/local-runtime';
import { type EventInput, exampleEvent, type LocalStack } from '@fluxa/models';
import postgres from 'postgres';

/** What every scenario gets: the stack, HTTP helpers, AWS clients, a database client. */
export interface HarnessContext {
  info: LocalStack;
  sql: postgres.Sql;
  aws: { sqs: SQSClient; s3: S3Client };
  request(
    method: string,
    path: string,
    options?: { body?: unknown; headers?: Record<string, string>; key?: string | null },
  ): Promise<HttpReply>;
  control(action: string): Promise<void>;
  /** Notifications received so far per event_id (drains the subscriber queue into memory). */
  notificationCount(eventId: string): Promise<number>;
  /** Event ids of the messages now in the DLQ, and their error codes (peeked, not consumed). */
  deadLetters(): Promise<Map<string, string>>;
  /** True when the main queue holds no message, visible or in flight: the processor is done. */
  queueDrained(): Promise<boolean>;
  /** A unique id prefix per harness run, so reruns against the same stack do not collide. */
  id(name: string): string;
}

export interface HttpReply {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

export function createContext(info: LocalStack): HarnessContext {
  const options = {
    ...awsClientOptions({ AWS_ENDPOINT_URL: info.emulator_endpoint }),
    region: info.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
  const aws = { sqs: new SQSClient(options), s3: new S3Client(options) };
  const sql = postgres(info.database_url, { max: 2, onnotice: () => {} });
  const run = Date.now().toString(36);
  const notifications = new Map<string, number>();
  const receiveAll = async (queueUrl: string, visibility: number): Promise<Message[]> => {
    const all: Message[] = [];
    for (let round = 0; round < 50; round += 1) {
      const got = await aws.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          MessageAttributeNames: ['All'],
          VisibilityTimeout: visibility,
        }),
      );
      if (!got.Messages?.length) break;
      all.push(...got.Messages);
    }
    return all;
  };
  return {
    info,
    sql,
    aws,
    async request(method, path, options = {}) {
      const key = options.key === undefined ? info.api_key : options.key;
      const headers: Record<string, string> = {
        ...(key ? { 'x-api-key': key } : {}),
        ...options.headers,
      };
      let body: string | Buffer | undefined;
      if (options.body !== undefined) {
        body =
          typeof options.body === 'string' || Buffer.isBuffer(options.body)
            ? options.body
            : JSON.stringify(options.body);
        headers['content-type'] ??= 'application/json';
      }
      const response = await fetch(`${info.api_url}${path}`, { method, headers, body });
      const text = await response.text();
      let parsed: Record<string, unknown> = {};
      try {
        parsed = JSON.parse(text) as Record<string, unknown>;
      } catch {
        parsed = { raw: text };
      }
      return { status: response.status, headers: response.headers, body: parsed };
    },
    async control(action) {
      if (!info.control_url) throw new Error('the stack was started without its control server');
      const response = await fetch(`${info.control_url}/${action}`, { method: 'POST' });
      if (!response.ok) throw new Error(`control ${action} failed: ${await response.text()}`);
    },
    async notificationCount(eventId) {
      // Consumed for good: each notification is counted once, whichever scenario reads it.
      for (const message of await receiveAll(info.notifications_queue_url, 300)) {
        const id = message.MessageAttributes?.event_id?.StringValue ?? '';
        notifications.set(id, (notifications.get(id) ?? 0) + 1);
      }
      return notifications.get(eventId) ?? 0;
    },
    async deadLetters() {
      const letters = new Map<string, string>();
      for (const message of await receiveAll(info.dlq_url, 0)) {
        letters.set(
          message.MessageAttributes?.event_id?.StringValue ?? '',
          message.MessageAttributes?.error_code?.StringValue ?? '',
        );
      }
      return letters;
    },
    async queueDrained() {
      const { Attributes: counts = {} } = await aws.sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: info.queue_url,
          AttributeNames: [
            'ApproximateNumberOfMessages',
            'ApproximateNumberOfMessagesNotVisible',
            'ApproximateNumberOfMessagesDelayed',
          ],
        }),
      );
      return Object.values(counts).every((count) => Number(count) === 0);
    },
    id: (name) => `lt-${run}-${name}`,
  };
}

/** Waits until GET /events/{id} answers 200; fails the scenario naming the id otherwise. */
export async function stored(ctx: HarnessContext, eventId: string, timeoutMs = 20_000) {
  await waitUntil(async () => (await ctx.request('GET', `/events/${eventId}`)).status === 200, {
    timeoutMs,
    intervalMs: 250,
    what: `GET /events/${eventId} answering 200`,
  });
}

/** The example event with this id; override any field. */
export function sampleEvent(
  eventId: string,
  overrides: Record<string, unknown> = {},
): EventInput & Record<string, unknown> {
  return { ...exampleEvent, event_id: eventId, ...overrides };
}
