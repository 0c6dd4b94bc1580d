import path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import {
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { awsClientOptions, type ProcessorConfig } from '@fluxa/config';
import type { Sql } from '@fluxa/db';
import { type FluxaAwsResources, provisionAws, waitUntil } from '@fluxa/local-runtime';
import { createLogger } from '@fluxa/logging';
import { createMetrics } from '@fluxa/metrics';
import { type QueueMessage, sqsRecordFrom, toSqsAttributes } from '@fluxa/queue';
import { createTestDatabase, processorTestConfig, type TestDatabase } from '@fluxa/testing';
import type { SQSEvent } from 'aws-lambda';
import postgres from 'postgres';
import { createProcessor, type ProcessorDeps } from '../../src';

const _migrationsDir = path.resolve(__dirname, '../../../../migrations');

/** A migrated database, provisioned queues/topic/bucket, and real SDK clients. */
export interface World {
  db: TestDatabase;
  sql: Sql;
  aws: FluxaAwsResources;
  sqs: SQSClient;
  sns: SNSClient;
  s3: S3Client;
  config: ProcessorConfig;
  /** A processor wired to this world; override any dependency. */
  processor(overrides?: Partial<ProcessorDeps>): ReturnType<typeof createProcessor>;
  close(): Promise<void>;
}

export async function createWorld(options: { claimLeaseSeconds?: number } = {}): Promise<World> {
  const db = await createTestDatabase();
  const sql = db.sql;
  const sqs = new SQSClient(awsClientOptions());
  const sns = new SNSClient(awsClientOptions());
  const s3 = new S3Client(awsClientOptions());
  const aws = await provisionAws(
    { sqs, sns, s3 },
    { prefix: `p-${db.name.slice(-12)}`, visibilityTimeoutSeconds: 1 },
  );
  const config = processorTestConfig(aws, db, options.claimLeaseSeconds ?? 60);
  const pools: Sql[] = [];
  return {
    db,
    sql,
    aws,
    sqs,
    sns,
    s3,
    config,
    processor(overrides = {}) {
      const pool = postgres(db.url, { max: 2, onnotice: () => {} });
      pools.push(pool);
      return createProcessor({
        config,
        database: async () => pool,
        sqs,
        sns,
        s3: async () => s3,
        logger: createLogger('processor', { level: 'silent' }),
        metrics: createMetrics('processor', () => {}),
        ...overrides,
      });
    },
    async close() {
      await Promise.all(pools.map((pool) => pool.end({ timeout: 1 })));
      await db.drop();
    },
  };
}

/** Sends messages to the main queue and receives them back as one Lambda SQSEvent. */
export async function deliver(world: World, messages: QueueMessage[]): Promise<SQSEvent> {
  for (const message of messages) {
    await world.sqs.send(
      new SendMessageCommand({
        QueueUrl: world.aws.queueUrl,
        MessageBody: message.body,
        MessageAttributes: toSqsAttributes(message.attributes),
      }),
    );
  }
  const received: Message[] = [];
  while (received.length < messages.length) {
    const batch = await world.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: world.aws.queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
      }),
    );
    received.push(...(batch.Messages ?? []));
  }
  for (const message of received) {
    await world.sqs.send(
      new DeleteMessageCommand({
        QueueUrl: world.aws.queueUrl,
        ReceiptHandle: message.ReceiptHandle,
      }),
    );
  }
  return { Records: received.map((m) => sqsRecordFrom(m, world.aws.queueArn, 'us-east-1')) };
}

/** Drains a queue (notifications or DLQ) and returns what was in it. */
export async function drain(world: World, queueUrl: string): Promise<Message[]> {
  const all: Message[] = [];
  for (;;) {
    const batch = await world.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        MessageAttributeNames: ['All'],
        VisibilityTimeout: 30,
      }),
    );
    if (!batch.Messages?.length) return all;
    all.push(...batch.Messages);
  }
}

/** Waits until a session of this application is blocked on a lock (mid-transaction). */
export function waitForLockWait(world: World, applicationName: string): Promise<unknown> {
  return waitUntil(
    async () =>
      (
        await world.sql`
          select 1 from pg_stat_activity
          where application_name = ${applicationName} and wait_event_type = 'Lock'`
      ).length > 0,
    {
      timeoutMs: 10_000,
      intervalMs: 20,
      what: `a session of ${applicationName} waiting on a lock`,
    },
  );
}

/**
 * Ends the leases on these event ids now, as time would (a lease in the past): tests state
 * when a lease has expired instead of waiting for the clock.
 */
export async function expireLeases(world: World, eventIds: string[]): Promise<void> {
  await world.sql`
    update idempotency_keys set locked_until = now() - interval '1 second'
    where event_id = any(${eventIds}) and locked_until is not null`;
}

/** Waits until every one of these event ids is claimed (`processing` under a lease). */
export function claimed(world: World, eventIds: string[]): Promise<unknown> {
  return waitUntil(
    async () =>
      (
        await world.sql`
          select 1 from idempotency_keys
          where event_id = any(${eventIds}) and status = 'processing' and locked_until is not null`
      ).length === eventIds.length,
    { timeoutMs: 10_000, intervalMs: 20, what: `${eventIds.join(', ')} to be claimed` },
  );
}
