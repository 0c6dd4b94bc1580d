import { createHash, randomUUID } from 'node:crypto';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { awsClientOptions } from '@fluxa/config';
import { createLogger } from '@fluxa/logging';
import { type ApiKeyGrant, type ApiKeyGrants, apiKeyGrantsObjectKey } from '@fluxa/models';
import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { createAuthorizer, grantStore } from '../../src';

/** A real S3 client on the emulator, with a count of the requests it sends and their answers. */
function countingS3() {
  const s3 = new S3Client(awsClientOptions());
  const requests: { ifNoneMatch: string | undefined; status: number | undefined }[] = [];
  s3.middlewareStack.add(
    (next) => async (args) => {
      const headers = (args.request as { headers?: Record<string, string> }).headers ?? {};
      const entry = {
        ifNoneMatch: headers['if-none-match'],
        status: undefined as number | undefined,
      };
      requests.push(entry);
      try {
        const result = await next(args);
        entry.status = (result.response as { statusCode?: number }).statusCode;
        return result;
      } catch (error) {
        // A 304 (and any other refusal) reaches the caller as an S3ServiceException.
        entry.status = (
          error as { $metadata?: { httpStatusCode?: number } }
        ).$metadata?.httpStatusCode;
        throw error;
      }
    },
    { step: 'finalizeRequest', priority: 'low', name: 'countRequests' },
  );
  return { s3, requests };
}

/** A bucket of its own holding the grants object, as Terraform keeps it (written by a client of its own). */
async function grantsBucket() {
  const s3 = new S3Client(awsClientOptions());
  const bucket = `grants-${randomUUID()}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  return {
    bucket,
    write: async (grants: ApiKeyGrants | string) => {
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: apiKeyGrantsObjectKey,
          Body: typeof grants === 'string' ? grants : JSON.stringify(grants),
          ContentType: 'application/json',
        }),
      );
    },
    remove: async () => {
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: apiKeyGrantsObjectKey }));
    },
  };
}

/** A clock the test moves. */
function testClock() {
  let at = 1_000_000;
  return {
    now: () => at,
    advance: (ms: number) => {
      at += ms;
    },
  };
}

/** The authorizer on that bucket, with the cache period and grace the test chooses. */
function authorizerOn(
  s3: S3Client,
  bucket: string,
  clock: { now(): number },
  periods: { cacheMs: number; graceMs: number },
) {
  const logger = createLogger('authorizer', { level: 'silent' });
  const grants = grantStore({
    s3,
    bucket,
    key: apiKeyGrantsObjectKey,
    ...periods,
    logger,
    now: clock.now,
  });
  return createAuthorizer({ grants, logger });
}

/** The grants' cache period and grace as deployed by default: 30 s and 5 min. */
export const deployedPeriods = { cacheMs: 30_000, graceMs: 300_000 };

/**
 * What a test starts from: an empty grants bucket of its own and an authorizer on it, reading
 * through a counting S3 client on a test clock. The authorizer reads nothing before its first
 * request, so the test writes its grants after this.
 */
export async function authorizerOnNewBucket(
  periods: { cacheMs: number; graceMs: number } = deployedPeriods,
) {
  const { s3, requests } = countingS3();
  const store = await grantsBucket();
  const clock = testClock();
  return { requests, store, clock, authorizer: authorizerOn(s3, store.bucket, clock, periods) };
}

/** What API Gateway sends the authorizer for a request to GET /events/order:1 with these headers. */
export function authorizerRequest(
  headers: Record<string, string>,
): APIGatewayRequestAuthorizerEvent {
  return {
    type: 'REQUEST',
    methodArn: 'arn:aws:execute-api:eu-west-1:123456789012:abc123/v1/GET/events/order:1',
    headers,
    requestContext: { requestId: 'r-1' },
  } as unknown as APIGatewayRequestAuthorizerEvent;
}

/** A grant for tests. */
export function grant(client: string, tenant: string, scopes: ApiKeyGrant['scopes']): ApiKeyGrant {
  return { client, tenant_id: tenant, scopes };
}

/** SHA-256 of a key, computed here rather than by the code under test. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
