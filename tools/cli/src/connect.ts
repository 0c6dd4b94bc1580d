import type { SQSClient } from '@aws-sdk/client-sqs';
import { Api } from './api';
import { type FlagValues, type OptionSpec, secondsFlag } from './args';
import type { CommandContext } from './context';
import { createSqsClient, requireRegion } from './dlq/sqsClient';
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
 * Resolves the target and builds the API for it. `key: false` is for routes without auth
 * (/health); the key is still sent when known. `retries: true` lets the client retry
 * throttled, unavailable and unreachable calls within its deadline (batch sends); otherwise a
 * failure shows at once, for the operator to act on.
 */
export async function connectApi(
  context: CommandContext,
  values: FlagValues,
  options: { key?: boolean; retries?: boolean } = {},
): Promise<{ api: Api; target: Target }> {
  const target = await resolveTarget(values, context);
  const url = requireApiUrl(target);
  const apiKey = options.key === false ? target.apiKey?.value : requireApiKey(target).value;
  const fromStack = url.source.endsWith('stack.json');
  const api = new Api({
    url: url.value,
    apiKey,
    timeoutMs: secondsFlag(values, 'timeout', 10) * 1000,
    retries: options.retries ?? false,
    signal: context.signal,
    fetch: context.fetch,
    unreachableHint: fromStack
      ? `from ${url.source}; is the local stack up? make local-up`
      : undefined,
  });
  return { api, target };
}

/** Resolves the target and builds an SQS client for its queues (an emulator endpoint when set). */
export async function connectQueues(
  context: CommandContext,
  values: FlagValues,
): Promise<{ sqs: SQSClient; target: Target }> {
  const target = await resolveTarget(values, context);
  const sqs = createSqsClient(target, context.env);
  await requireRegion(sqs);
  return { sqs, target };
}
