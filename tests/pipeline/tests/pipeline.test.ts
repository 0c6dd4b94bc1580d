import path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { awsClientOptions } from '@fluxa/config';
import { loadMigrations, runMigrations } from '@fluxa/db';
import { createIngestHandler } from '@fluxa/ingest';
import { createLogger } from '@fluxa/logging';
import { createMetrics } from '@fluxa/metrics';
import { canonicalJson, validateAgainst } from '@fluxa/models';
import { createProcessor } from '@fluxa/processor';
import { createQueryHandler } from '@fluxa/query';
import { sqsRecordFrom } from '@fluxa/queue';
import {
  apiGatewayEvent,
  createTestDatabase,
  type FluxaAwsResources,
  provisionAws,
  type TestDatabase,
} from '@fluxa/testing';
import postgres from 'postgres';

const silent = (service: string) => ({
  logger: createLogger(service, { level: 'silent' }),
  metrics: createMetrics(service, () => {}),
});
const clients = {
  sqs: new SQSClient(awsClientOptions()),
  sns: new SNSClient(awsClientOptions()),
  s3: new S3Client(awsClientOptions()),
};
let db: TestDatabase;
let sql: postgres.Sql;
let aws: FluxaAwsResources;

beforeAll(async () => {
  db = await createTestDatabase();
  sql = postgres(db.url, { max: 4, onnotice: () => {} });
  await runMigrations(sql, loadMigrations(path.resolve(__dirname, '../../../migrations')));
  aws = await provisionAws(clients, { prefix: `pipe-${db.name.slice(-10)}` });
});

afterAll(async () => {
  await sql.end();
  await db.drop();
});

const ingest = () =>
  createIngestHandler({
    config: {
      stage: 'test',
      logLevel: 'silent',
      queueUrl: aws.queueUrl,
      payloadBucket: aws.bucket,
      maxEventBytes: 1024 * 1024,
      sqsMaxMessageBytes: 262_144,
    },
    ...clients,
    ...silent('ingest'),
  });
const processor = () =>
  createProcessor({
    config: {
      stage: 'test',
      logLevel: 'silent',
      dlqUrl: aws.dlqUrl,
      topicArn: aws.topicArn,
      payloadBucket: aws.bucket,
      claimLeaseSeconds: 30,
      maxReceiveCount: 3,
      database: { url: db.url, port: 5432, prepare: true, poolMax: 2, ssl: 'disable' },
    },
    database: async () => sql,
    ...clients,
    ...silent('processor'),
  });
const query = () =>
  createQueryHandler({
    config: {
      stage: 'test',
      logLevel: 'silent',
      database: { url: db.url, port: 5432, prepare: true, poolMax: 2, ssl: 'disable' },
    },
    database: async () => sql,
    ...silent('query'),
  });

/** One pass of the event source mapping: receive what is queued, process it, delete what succeeded. */
async function drainQueue(): Promise<void> {
  for (;;) {
    const received = await clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: aws.queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        MessageAttributeNames: ['All'],
      }),
    );
    const messages = received.Messages ?? [];
    if (messages.length === 0) return;
    const { batchItemFailures } = await processor()({
      Records: messages.map((m) => sqsRecordFrom(m, aws.queueArn, 'us-east-1')),
    });
    const failed = new Set(batchItemFailures.map((f) => f.itemIdentifier));
    const done = messages.filter((m) => !failed.has(m.MessageId ?? ''));
    await clients.sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: aws.queueUrl,
        Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
      }),
    );
  }
}

const post = (body: unknown) =>
  apiGatewayEvent({
    method: 'POST',
    resource: '/events',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const getById = (id: string) =>
  apiGatewayEvent({
    method: 'GET',
    resource: '/events/{event_id}',
    pathParameters: { event_id: id },
  });

describe('ingest → queue → processor → query', () => {
  it.each([
    ['INLINE', 1_000],
    ['S3', 400_000],
  ])('stores an %s event and serves back exactly what was sent', async (mode, padding) => {
    // Prepare
    const event = {
      event_id: `pipe-${mode}-${Date.now()}`,
      user_id: 'pipeline-user',
      amount: 1999.99,
      currency: 'USD',
      merchant: 'Pipeline Store',
      timestamp: '2026-05-05T05:05:05.5+02:00',
      metadata: { pad: 'p'.repeat(padding), nested: { ok: true } },
    };

    // Act
    const accepted = await ingest()(post(event));
    await drainQueue();
    const fetched = await query()(getById(event.event_id));

    // Assess
    expect(accepted.statusCode).toBe(202);
    expect(fetched.statusCode).toBe(200);
    const record = JSON.parse(fetched.body);
    expect(validateAgainst('storedRecord', record).ok).toBe(true);
    expect(record.payload_mode).toBe(mode);
    expect(record).toMatchObject({
      amount: 1999.99,
      currency: 'USD',
      merchant: 'Pipeline Store',
      metadata: event.metadata,
    });
    expect(new Date(record.timestamp).getTime()).toBe(new Date(event.timestamp).getTime());
    expect(canonicalJson(record.metadata)).toBe(canonicalJson(event.metadata));
  });
});
