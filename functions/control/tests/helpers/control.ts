import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { awsClientOptions, type ControlConfig } from '@fluxa/config';
import { apiGatewayEvent, provisionAws } from '@fluxa/local-runtime';
import { createLogger } from '@fluxa/logging';
import { createMetrics } from '@fluxa/metrics';
import type { Scope } from '@fluxa/models';
import {
  asCaller,
  createTestDatabase,
  type TestDatabase,
  testDatabaseSettings,
} from '@fluxa/testing';
import { type ControlDeps, createControlHandler } from '../../src';

/** A migrated database, a payload bucket and the control handler on them. */
export interface ControlWorld {
  db: TestDatabase;
  s3: S3Client;
  bucket: string;
  /** Calls a route as API Gateway would, for a key of `tenant` with `scopes`. */
  call(
    method: 'GET' | 'POST' | 'DELETE',
    resource: string,
    options?: {
      body?: unknown;
      tenant?: string;
      scopes?: Scope[];
      pathParameters?: Record<string, string>;
      query?: Record<string, string>;
      deps?: Partial<ControlDeps>;
    },
  ): Promise<{ status: number; body: Record<string, unknown> }>;
}

export async function createControlWorld(): Promise<ControlWorld> {
  const db = await createTestDatabase();
  const s3 = new S3Client(awsClientOptions());
  const { bucket } = await provisionAws(
    { s3, sqs: new SQSClient(awsClientOptions()), sns: new SNSClient(awsClientOptions()) },
    { prefix: `ctl-${db.name.slice(-10)}` },
  );
  const config: ControlConfig = {
    stage: 'test',
    logLevel: 'silent',
    payloadBucket: bucket,
    database: testDatabaseSettings(db),
  };
  return {
    db,
    s3,
    bucket,
    async call(method, resource, options = {}) {
      const handler = createControlHandler({
        config,
        database: async () => db.sql,
        s3: async () => s3,
        logger: createLogger('control', { level: 'silent' }),
        metrics: createMetrics('control', () => {}),
        ...options.deps,
      });
      const reply = await handler(
        apiGatewayEvent({
          method,
          resource,
          headers: { 'content-type': 'application/json' },
          ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
          ...(options.pathParameters ? { pathParameters: options.pathParameters } : {}),
          ...(options.query ? { query: options.query } : {}),
          authorizer: asCaller(options.tenant ?? 'acme', options.scopes ?? ['replay', 'erase']),
        }),
      );
      return { status: reply.statusCode, body: JSON.parse(reply.body) as Record<string, unknown> };
    },
  };
}
