import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { CliError, messageOf, networkReason } from './errors';
import { isLocalUrl, type QueueName, requireQueue, type Target } from './target';

/**
 * What every AWS client of the target shares. With an endpoint override (an emulator) the
 * endpoint is set explicitly, because emulator queue URLs name hosts such as
 * `sqs.us-east-1.localhost` that do not resolve, and a local emulator gets dummy
 * credentials when none are configured. Timeouts are bounded so an unreachable
 * service fails in seconds.
 */
function clientConfig(target: Target, env: Record<string, string | undefined>) {
  const endpoint = target.endpoint?.value;
  const region = target.region?.value ?? (endpoint ? 'us-east-1' : undefined);
  const dummyCredentials =
    endpoint !== undefined && isLocalUrl(endpoint) && !env.AWS_ACCESS_KEY_ID && !env.AWS_PROFILE;
  return {
    ...(region ? { region } : {}),
    ...(endpoint ? { endpoint } : {}),
    ...(dummyCredentials
      ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 3_000, requestTimeout: 30_000 },
  };
}

/** An SQS client for the target's queues. */
export function createSqsClient(
  target: Target,
  env: Record<string, string | undefined>,
): SQSClient {
  return new SQSClient(clientConfig(target, env));
}

/** An S3 client for the target (payload objects of dead letters); path-style on an emulator. */
export function createS3Client(target: Target, env: Record<string, string | undefined>): S3Client {
  return new S3Client({
    ...clientConfig(target, env),
    forcePathStyle: target.endpoint !== undefined,
  });
}

/**
 * The client's region, resolved now (flag, environment, shared config): without one, a
 * one-line error before any call, instead of the SDK's failure on the first one.
 */
export async function requireRegion(sqs: SQSClient): Promise<string> {
  try {
    return await sqs.config.region();
  } catch {
    throw new CliError('no AWS region: pass --region or set AWS_REGION', 'NO_REGION');
  }
}

/** Turns an AWS SDK error into one line, by its name and `$metadata`: unreachable, missing queue, credentials, or name: message. */
export function awsFailure(error: unknown, target: Target, queueUrl: string): CliError {
  if (error instanceof CliError) return error;
  // Where SQS calls go: the endpoint override, or the queue URL's origin.
  const location = target.endpoint?.value ?? URL.parse(queueUrl)?.origin ?? queueUrl;
  const name = error instanceof Error ? error.name : '';
  const message = messageOf(error);
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const reason = status === undefined ? networkReason(error) : undefined;
  if (reason) return new CliError(`cannot reach ${location}: ${reason}`, 'UNREACHABLE');
  if (name === 'QueueDoesNotExist' || name === 'AWS.SimpleQueueService.NonExistentQueue') {
    return new CliError(`queue does not exist: ${queueUrl}`, 'NO_QUEUE');
  }
  if (name === 'CredentialsProviderError') {
    return new CliError(
      'no AWS credentials: configure a profile or AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY',
      'NO_CREDENTIALS',
    );
  }
  return new CliError(`SQS ${name || 'error'}: ${message}`, 'AWS');
}

/** A queue of the target (a usage error when none is known) and `fail`, which throws its SDK errors as one line. */
export function queueOf(
  target: Target,
  which: QueueName,
): { url: string; fail(error: unknown): never } {
  const url = requireQueue(target, which).value;
  return {
    url,
    fail: (error) => {
      throw awsFailure(error, target, url);
    },
  };
}
