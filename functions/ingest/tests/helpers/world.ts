import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { type Message, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { awsClientOptions, type IngestConfig } from '@fluxa/config';
import { apiGatewayEvent, type FluxaAwsResources, provisionAws } from '@fluxa/local-runtime';
import { createLogger } from '@fluxa/logging';
import { createMetrics } from '@fluxa/metrics';
import { asCaller } from '@fluxa/testing';
import { createIngestHandler, type IngestDeps } from '../../src';

let counter = 0;

export interface IngestWorld {
  aws: FluxaAwsResources;
  sqs: SQSClient;
  s3: S3Client;
  config: IngestConfig;
  handler(overrides?: Partial<IngestDeps>): ReturnType<typeof createIngestHandler>;
  /** Everything on the main queue right now (received and left invisible). */
  queued(): Promise<Message[]>;
}

export async function createIngestWorld(): Promise<IngestWorld> {
  counter += 1;
  const sqs = new SQSClient(awsClientOptions());
  const s3 = new S3Client(awsClientOptions());
  const aws = await provisionAws(
    { sqs, s3, sns: new SNSClient(awsClientOptions()) },
    { prefix: `ingest-${process.pid}-${counter}-${Date.now() % 100000}` },
  );
  const config: IngestConfig = {
    stage: 'test',
    logLevel: 'silent',
    queueUrl: aws.queueUrl,
    payloadBucket: aws.bucket,
    maxEventBytes: 1024 * 1024,
    sqsMaxMessageBytes: 262_144,
    suppressionCacheSeconds: 60,
  };
  return {
    aws,
    sqs,
    s3,
    config,
    handler: (overrides = {}) =>
      createIngestHandler({
        config,
        sqs,
        s3: async () => s3,
        logger: createLogger('ingest', { level: 'silent' }),
        metrics: createMetrics('ingest', () => {}),
        ...overrides,
      }),
    async queued() {
      const all: Message[] = [];
      for (;;) {
        const batch = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: aws.queueUrl,
            MaxNumberOfMessages: 10,
            MessageAttributeNames: ['All'],
            VisibilityTimeout: 60,
          }),
        );
        if (!batch.Messages?.length) return all;
        all.push(...batch.Messages);
      }
    },
  };
}

/**
 * POST a JSON body (object or raw text) to a route, as API Gateway would deliver it for a
 * key of tenant `default` with both scopes (or `caller`).
 */
export function post(
  resource: '/events' | '/events/batch',
  body: unknown,
  headers: Record<string, string> = {},
  caller: Record<string, string> | null = asCaller(),
) {
  return apiGatewayEvent({
    method: 'POST',
    resource,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
    ...(caller ? { authorizer: caller } : {}),
  });
}
