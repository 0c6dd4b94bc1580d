import type { SQSClient } from '@aws-sdk/client-sqs';
import { ApiClient } from './api/client';
import { type FlagValues, type OptionSpec, secondsFlag } from './args';
import type { CommandContext } from './context';
import { createSqsClient } from './dlq/sqsClient';
import { requireApiKey, requireApiUrl, resolveTarget, type Target } from './target';

/** The HTTP timeout flag shared by commands that call the API. */
export const timeoutOption: Record<string, OptionSpec> = {
  timeout: {
    type: 'string',
    value: 'SECONDS',
    description: 'per-request HTTP timeout (default 10)',
  },
};

/**
 * Resolves the target and builds an API client for it. `key: false` is for
 * routes without auth (/health); the key is still sent when known.
 */
export async function connectApi(
  context: CommandContext,
  values: FlagValues,
  options: { key: boolean } = { key: true },
): Promise<{ api: ApiClient; target: Target }> {
  const target = await resolveTarget(values, context);
  const url = requireApiUrl(target);
  const apiKey = options.key ? requireApiKey(target).value : target.apiKey?.value;
  const fromStack = url.source.endsWith('stack.json');
  const api = new ApiClient({
    baseUrl: url.value,
    ...(apiKey ? { apiKey } : {}),
    timeoutMs: secondsFlag(values, 'timeout', 10) * 1000,
    signal: context.signal,
    ...(context.fetch ? { fetch: context.fetch } : {}),
    ...(fromStack
      ? { unreachableHint: `from ${url.source}; is the local stack up? make local-up` }
      : {}),
  });
  return { api, target };
}

/** Resolves the target and builds an SQS client for its queues (an emulator endpoint when set). */
export async function connectQueues(
  context: CommandContext,
  values: FlagValues,
): Promise<{ sqs: SQSClient; target: Target }> {
  const target = await resolveTarget(values, context);
  return { sqs: createSqsClient(target, context.env), target };
}
