import { SQSClient } from '@aws-sdk/client-sqs';
import { CliError, messageOf, networkReason } from '../errors';
import type { Target } from '../target';

function isLoopback(endpoint: string): boolean {
  try {
    const host = new URL(endpoint).hostname;
    return (
      host === 'localhost' ||
      host.endsWith('.localhost') ||
      host === '127.0.0.1' ||
      host === '[::1]'
    );
  } catch {
    return false;
  }
}

/**
 * An SQS client for the target. With an endpoint override (an emulator) the
 * endpoint is set explicitly, because emulator queue URLs name hosts such as
 * `sqs.us-east-1.localhost` that do not resolve, and a local emulator gets dummy
 * credentials when none are configured. Timeouts are bounded so an unreachable
 * service fails in seconds.
 */
export function createSqsClient(
  target: Target,
  env: Record<string, string | undefined>,
): SQSClient {
  const endpoint = target.endpoint?.value;
  const region = target.region?.value ?? (endpoint ? 'us-east-1' : undefined);
  const dummyCredentials =
    endpoint !== undefined && isLoopback(endpoint) && !env.AWS_ACCESS_KEY_ID && !env.AWS_PROFILE;
  return new SQSClient({
    ...(region ? { region } : {}),
    ...(endpoint ? { endpoint } : {}),
    ...(dummyCredentials
      ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 3_000, requestTimeout: 30_000 },
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

/** Where SQS calls go, for error messages: the endpoint override, or the queue URL's origin. */
export function sqsLocation(target: Target, queueUrl: string): string {
  if (target.endpoint) return target.endpoint.value;
  try {
    return new URL(queueUrl).origin;
  } catch {
    return queueUrl;
  }
}

/** Turns an AWS SDK error into one line, by its name and `$metadata`: unreachable, missing queue, credentials, or name: message. */
export function awsFailure(error: unknown, location: string, queueUrl: string): CliError {
  if (error instanceof CliError) return error;
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
