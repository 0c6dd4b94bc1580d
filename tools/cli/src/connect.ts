import type { SQSClient } from '@aws-sdk/client-sqs';
import { Api } from './api';
import { type FlagValues, type OptionSpec, secondsFlag, valueFlag } from './args';
import { createSqsClient, requireRegion } from './aws';
import type { CommandContext } from './context';
import { requireApiKey, requireApiUrl, resolveTarget, type Target } from './target';

/** The HTTP timeout flag shared by commands that call the API. */
export const timeoutOption: Record<string, OptionSpec> = {
  timeout: valueFlag('SECONDS', 'per-request HTTP timeout (default 10)'),
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
  return { api: apiOf(context, values, target, options), target };
}

/** The API of a resolved target (see {@link connectApi}). */
export function apiOf(
  context: CommandContext,
  values: FlagValues,
  target: Target,
  options: { key?: boolean; retries?: boolean } = {},
): Api {
  const url = requireApiUrl(target);
  const apiKey = options.key === false ? target.apiKey?.value : requireApiKey(target).value;
  const fromStack = url.source.endsWith('stack.json');
  return new Api({
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
