import {
  BucketAlreadyOwnedByYou,
  CreateBucketCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { awsClientOptions } from '@fluxa/config';
import { type FluxaAwsResources, provisionAws } from '@fluxa/local-runtime';
import { type ApiKeyGrants, apiKeyGrantsObjectKey } from '@fluxa/models';

/** The region the local stack names in its ARNs and queue URLs. */
export const region = 'us-east-1';

/** The real AWS SDK clients, pointed at the emulator. */
export function awsClients(endpoint: string) {
  const common = {
    ...awsClientOptions({ AWS_ENDPOINT_URL: endpoint }),
    region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
  return { sqs: new SQSClient(common), sns: new SNSClient(common), s3: new S3Client(common) };
}

/** Receives before SQS moves a record to the DLQ: Terraform's default, with the processor's backoff. */
export const localMaxReceiveCount = 10;

/**
 * Provisions what Terraform provisions on AWS — queue + DLQ (redrive after 10 receives), topic
 * with a subscribed queue, payload bucket — named `fluxa-local-*`. Idempotent, and converges
 * what an earlier release provisioned.
 */
export function provisionLocalAws(
  endpoint: string,
  visibilityTimeoutSeconds: number,
): Promise<FluxaAwsResources> {
  return provisionAws(awsClients(endpoint), {
    prefix: 'fluxa-local',
    visibilityTimeoutSeconds,
    maxReceiveCount: localMaxReceiveCount,
  });
}

/** The bucket of the grants object, its own as on AWS (the payload bucket's readers never see it). */
export const localGrantsBucket = 'fluxa-local-api-keys';

/**
 * Writes the grants object the authorizer reads (creating its bucket on a fresh emulator):
 * at every start, from FLUXA_API_KEYS, as a Terraform apply writes it from `api_clients`.
 * Written again while the stack runs, it adds or revokes keys within the authorizer's cache period.
 */
export async function publishLocalGrants(endpoint: string, grants: ApiKeyGrants): Promise<void> {
  const { s3 } = awsClients(endpoint);
  await s3.send(new CreateBucketCommand({ Bucket: localGrantsBucket })).catch((error: unknown) => {
    if (!(error instanceof BucketAlreadyOwnedByYou)) throw error;
  });
  await s3.send(
    new PutObjectCommand({
      Bucket: localGrantsBucket,
      Key: apiKeyGrantsObjectKey,
      Body: JSON.stringify(grants),
      ContentType: 'application/json',
      ServerSideEncryption: 'AES256',
    }),
  );
}
