import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { awsClientOptions, readIngestConfig } from '@fluxa/config';
import { createIngestHandler } from '@fluxa/ingest';
import { apiGatewayEvent, type FluxaAwsResources, provisionAws } from '@fluxa/local-runtime';
import { createLogger } from '@fluxa/logging';
import { createMetrics } from '@fluxa/metrics';
import { createProcessor } from '@fluxa/processor';
import { createQueryHandler } from '@fluxa/query';
import { sqsRecordFrom } from '@fluxa/queue';
import {
  asCaller,
  createTestDatabase,
  drainQueue,
  processorTestConfig,
  type TestDatabase,
  testDatabaseSettings,
} from '@fluxa/testing';
import type { APIGatewayProxyResult } from 'aws-lambda';
import type postgres from 'postgres';

const silent = (service: string) => ({
  logger: createLogger(service, { level: 'silent' }),
  metrics: createMetrics(service, () => {}),
});

/** Ingest, processor and query wired to one database and one set of queues, in process. */
export interface Pipeline {
  db: TestDatabase;
  sql: postgres.Sql;
  aws: FluxaAwsResources;
  clients: { sqs: SQSClient; sns: SNSClient; s3: S3Client };
  /** POSTs raw body bytes (UTF-8 of `body`) to a route, as API Gateway passes a binary body. */
  post(
    route: '/events' | '/events/batch',
    body: string | Buffer,
    headers?: Record<string, string>,
  ): Promise<APIGatewayProxyResult>;
  /** GET /events/{id}: status and parsed body. */
  get(
    route: string,
    pathParameters?: Record<string, string>,
    query?: Record<string, string>,
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  /** Runs the processor over what is queued until `count` messages were handled. */
  process(count: number): Promise<void>;
  /** Receives (and deletes) what the DLQ holds: each letter's body and string attributes. */
  deadLetters(): Promise<{ body: string; attributes: Record<string, string> }[]>;
  close(): Promise<void>;
}

/** Builds a pipeline on a fresh migrated database and fresh queues. */
export async function createPipeline(): Promise<Pipeline> {
  const db = await createTestDatabase();
  const sql = db.sql;
  const clients = {
    sqs: new SQSClient(awsClientOptions()),
    sns: new SNSClient(awsClientOptions()),
    s3: new S3Client(awsClientOptions()),
  };
  const aws = await provisionAws(clients, { prefix: `pipe-${db.name.slice(-10)}` });
  const ingest = createIngestHandler({
    // The configuration as the function reads it from its environment, defaults included.
    config: readIngestConfig({
      FLUXA_STAGE: 'test',
      LOG_LEVEL: 'silent',
      QUEUE_URL: aws.queueUrl,
      PAYLOAD_BUCKET: aws.bucket,
    }),
    ...clients,
    s3: async () => clients.s3,
    ...silent('ingest'),
  });
  const processor = createProcessor({
    config: processorTestConfig(aws, db, 30),
    database: async () => sql,
    ...clients,
    s3: async () => clients.s3,
    ...silent('processor'),
  });
  const query = createQueryHandler({
    config: { stage: 'test', logLevel: 'silent', database: testDatabaseSettings(db) },
    database: async () => sql,
    ...silent('query'),
  });
  return {
    db,
    sql,
    aws,
    clients,
    post: (route, body, headers = {}) =>
      ingest(
        apiGatewayEvent({
          method: 'POST',
          resource: route,
          authorizer: asCaller(),
          headers: { 'content-type': 'application/json', ...headers },
          body: Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'),
        }),
      ),
    async get(route, pathParameters = {}, query_ = {}) {
      const reply = await query(
        apiGatewayEvent({
          method: 'GET',
          resource: route,
          pathParameters,
          query: query_,
          authorizer: asCaller(),
        }),
      );
      return { status: reply.statusCode, body: JSON.parse(reply.body) as Record<string, unknown> };
    },
    async process(count) {
      let handled = 0;
      const deadline = Date.now() + 30_000;
      while (handled < count) {
        if (Date.now() > deadline) throw new Error(`only ${handled} of ${count} messages arrived`);
        const received = await clients.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: aws.queueUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 1,
            MessageAttributeNames: ['All'],
            MessageSystemAttributeNames: ['All'],
          }),
        );
        const messages = received.Messages ?? [];
        if (messages.length === 0) continue;
        const { batchItemFailures } = await processor({
          Records: messages.map((m) => sqsRecordFrom(m, aws.queueArn, 'us-east-1')),
        });
        const failed = new Set(batchItemFailures.map((f) => f.itemIdentifier));
        const done = messages.filter((m) => !failed.has(m.MessageId ?? ''));
        if (failed.size > 0) throw new Error(`the processor retried ${failed.size} record(s)`);
        await clients.sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: aws.queueUrl,
            Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
          }),
        );
        handled += messages.length;
      }
    },
    async deadLetters() {
      return (await drainQueue(clients.sqs, aws.dlqUrl)).map((m) => ({
        body: m.Body ?? '',
        attributes: Object.fromEntries(
          Object.entries(m.MessageAttributes ?? {}).map(([k, v]) => [k, v.StringValue ?? '']),
        ),
      }));
    },
    async close() {
      await db.drop();
    },
  };
}
