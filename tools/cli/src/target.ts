import path from 'node:path';
import { type FlagValues, type OptionSpec, stringFlag, valueFlag } from './args';
import { UsageError } from './errors';
import { readLocalStack } from './stackFile';
import {
  parseTerraformOutputs,
  runTerraformOutput,
  type TerraformOutputs,
  type TerraformRunner,
} from './terraform';

/** A resolved setting and where it came from (`--url`, `FLUXA_URL`, `.local/stack.json`, …). */
export interface Setting {
  value: string;
  source: string;
}

/** Everything a command may talk to; each part is absent when nothing supplied it. */
export interface Target {
  apiUrl?: Setting;
  apiKey?: Setting;
  queueUrl?: Setting;
  dlqUrl?: Setting;
  /** A queue subscribed to the notification topic (the local stack's), for `tail`. */
  notificationsUrl?: Setting;
  /** The tenant of the API key, when known without asking (the local stack's key). */
  keyTenant?: Setting;
  region?: Setting;
  /** AWS endpoint override (an emulator); absent means the real AWS endpoints. */
  endpoint?: Setting;
}

/** Flags that choose the HTTP API. */
export const apiOptions: Record<string, OptionSpec> = {
  url: valueFlag('URL', 'API base URL (env FLUXA_URL)'),
  'api-key': valueFlag('KEY', 'API key (env FLUXA_API_KEY)'),
  'terraform-dir': valueFlag(
    'DIR',
    'read api_endpoint / sqs_queue_url / dlq_url from `terraform output` there',
  ),
};

/** Flags that choose the queues. */
export const queueOptions: Record<string, OptionSpec> = {
  'queue-url': valueFlag('URL', 'main queue (env FLUXA_QUEUE_URL)'),
  'dlq-url': valueFlag('URL', 'dead-letter queue (env FLUXA_DLQ_URL)'),
  region: valueFlag('REGION', 'AWS region (env AWS_REGION)'),
  endpoint: valueFlag('URL', 'AWS endpoint override, e.g. an emulator (env AWS_ENDPOINT_URL)'),
  'terraform-dir': apiOptions['terraform-dir'] as OptionSpec,
};

/** The flag that chooses the subscriber queue `tail` reads. */
export const notificationsOption: Record<string, OptionSpec> = {
  'notifications-url': valueFlag(
    'URL',
    'an SQS queue subscribed to the topic (env FLUXA_NOTIFICATIONS_URL)',
  ),
};

/** What target resolution reads besides the flags. */
export interface TargetDeps {
  env: Record<string, string | undefined>;
  cwd: string;
  runTerraform?: TerraformRunner;
}

type Candidate = [value: string | undefined, source: string];

function first(...candidates: Candidate[]): Setting | undefined {
  for (const [value, source] of candidates) {
    if (value !== undefined && value !== '') return { value, source };
  }
  return undefined;
}

/** Whether a URL names this machine (an emulator: fauxqs queue hosts look like sqs.us-east-1.localhost). */
export function isLocalUrl(url: string): boolean {
  const host = URL.parse(url)?.hostname ?? '';
  return ['localhost', '127.0.0.1', '[::1]'].includes(host) || host.endsWith('.localhost');
}

/**
 * Resolves the target, each setting on its own, in this order: flag, then
 * `--terraform-dir` outputs (an explicit choice), then environment, then the
 * nearest `.local/stack.json`. The stack counts only when the API URL is the
 * stack's own (or none was given): its key, queues and emulator endpoint are
 * never mixed into a remote target.
 */
export async function resolveTarget(flags: FlagValues, deps: TargetDeps): Promise<Target> {
  const { env } = deps;
  const terraformFlag = stringFlag(flags, 'terraform-dir');
  const terraformDir = terraformFlag ? path.resolve(deps.cwd, terraformFlag) : undefined;
  let terraform: TerraformOutputs = {};
  if (terraformDir) {
    const text = await (deps.runTerraform ?? runTerraformOutput)(terraformDir);
    terraform = parseTerraformOutputs(text, terraformDir);
  }
  const local = readLocalStack(deps.cwd);
  const stack = local?.stack;
  const stackSource = local ? local.file : '';

  const apiUrl = first(
    [stringFlag(flags, 'url'), '--url'],
    [terraform.api_endpoint, 'terraform output api_endpoint'],
    [env.FLUXA_URL, 'FLUXA_URL'],
    [stack?.api_url, stackSource],
  );
  // The stack applies only to its own API (or when no API was named at all).
  const ownStack =
    stack && URL.parse(apiUrl?.value ?? stack.api_url)?.origin === URL.parse(stack.api_url)?.origin
      ? stack
      : undefined;
  const apiKey = first(
    [stringFlag(flags, 'api-key'), '--api-key'],
    [env.FLUXA_API_KEY, 'FLUXA_API_KEY'],
    [apiUrl ? ownStack?.api_key : undefined, stackSource],
  );
  const queueUrl = first(
    [stringFlag(flags, 'queue-url'), '--queue-url'],
    [terraform.sqs_queue_url, 'terraform output sqs_queue_url'],
    [env.FLUXA_QUEUE_URL, 'FLUXA_QUEUE_URL'],
    [ownStack?.queue_url, stackSource],
  );
  const dlqUrl = first(
    [stringFlag(flags, 'dlq-url'), '--dlq-url'],
    [terraform.dlq_url, 'terraform output dlq_url'],
    [env.FLUXA_DLQ_URL, 'FLUXA_DLQ_URL'],
    [ownStack?.dlq_url, stackSource],
  );
  const notificationsUrl = first(
    [stringFlag(flags, 'notifications-url'), '--notifications-url'],
    [env.FLUXA_NOTIFICATIONS_URL, 'FLUXA_NOTIFICATIONS_URL'],
    [ownStack?.notifications_queue_url, stackSource],
  );
  const queues = [queueUrl, dlqUrl, notificationsUrl].filter((setting) => setting !== undefined);
  const stackQueues =
    ownStack !== undefined &&
    queues.length > 0 &&
    queues.every((queue) => queue.source === stackSource || isLocalUrl(queue.value));
  const endpoint = first(
    [stringFlag(flags, 'endpoint'), '--endpoint'],
    [env.AWS_ENDPOINT_URL, 'AWS_ENDPOINT_URL'],
    [stackQueues ? ownStack?.emulator_endpoint : undefined, stackSource],
  );
  // The region in an SQS queue URL (`https://sqs.eu-west-1.amazonaws.com/…`), if any.
  const queueRegion = queues
    .map((queue) => /^sqs\.([a-z0-9-]+)\./.exec(URL.parse(queue.value)?.hostname ?? '')?.[1])
    .find(Boolean);
  const region = first(
    [stringFlag(flags, 'region'), '--region'],
    [terraform.aws_region, 'terraform output aws_region'],
    [env.AWS_REGION, 'AWS_REGION'],
    [env.AWS_DEFAULT_REGION, 'AWS_DEFAULT_REGION'],
    [stackQueues ? ownStack?.region : undefined, stackSource],
    [queueRegion, 'the queue URL'],
  );
  const target: Target = {};
  if (apiUrl) target.apiUrl = { ...apiUrl, value: apiUrl.value.replace(/\/+$/, '') };
  if (apiKey) target.apiKey = apiKey;
  if (queueUrl) target.queueUrl = queueUrl;
  if (dlqUrl) target.dlqUrl = dlqUrl;
  if (notificationsUrl) target.notificationsUrl = notificationsUrl;
  if (ownStack && apiKey?.source === stackSource) {
    target.keyTenant = { value: ownStack.tenant_id, source: stackSource };
  }
  if (region) target.region = region;
  if (endpoint) target.endpoint = endpoint;
  return target;
}

const noTarget =
  'pass --url, set FLUXA_URL, use --terraform-dir, or start the local stack (make local-up)';

/** The API URL, or a usage error explaining every way to give one. */
export function requireApiUrl(target: Target): Setting {
  if (!target.apiUrl) throw new UsageError(`no API URL: ${noTarget}`);
  return target.apiUrl;
}

/** The API key, or a usage error (the key itself is never printed anywhere). */
export function requireApiKey(target: Target): Setting {
  if (!target.apiKey) {
    throw new UsageError(
      'no API key: pass --api-key or set FLUXA_API_KEY (on AWS: aws apigateway get-api-key --api-key <api_key_id> --include-value)',
    );
  }
  return target.apiKey;
}

const queueNames = {
  queueUrl: ['main queue', '--queue-url / FLUXA_QUEUE_URL, use --terraform-dir,'],
  dlqUrl: ['DLQ', '--dlq-url / FLUXA_DLQ_URL, use --terraform-dir,'],
  notificationsUrl: ['subscriber queue', '--notifications-url / FLUXA_NOTIFICATIONS_URL'],
} as const;

/** The queues a target may name. */
export type QueueName = 'queueUrl' | 'dlqUrl' | 'notificationsUrl';

/** A queue URL, or a usage error naming its flag. */
export function requireQueue(target: Target, which: QueueName): Setting {
  const setting = target[which];
  if (!setting) {
    const [name, ways] = queueNames[which];
    throw new UsageError(`no ${name} URL: pass ${ways} or start the local stack (make local-up)`);
  }
  return setting;
}
