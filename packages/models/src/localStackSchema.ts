import type { FromSchema } from 'json-schema-to-ts';
import { tenantIdSchema } from './tenant';

const url = { type: 'string', minLength: 1 } as const;

/**
 * `.local/stack.json`: how a running local stack tells its users (the CLI, the harness, a
 * developer) where everything is. Written by the stack, 0600, removed when it stops.
 */
export const localStackSchema = {
  type: 'object',
  description: 'A running local stack: endpoints, resources and process ids.',
  properties: {
    api_url: { ...url, description: 'Base URL of the HTTP API, e.g. http://127.0.0.1:8787.' },
    api_key: { ...url, description: 'A key accepted in x-api-key: the first one configured.' },
    tenant_id: { ...tenantIdSchema, description: 'The tenant of api_key.' },
    emulator_endpoint: { ...url, description: 'The SQS/SNS/S3 emulator (AWS_ENDPOINT_URL).' },
    region: url,
    database_url: { ...url, description: "Superuser URL of the stack's database." },
    queue_url: url,
    dlq_url: url,
    topic_arn: url,
    notifications_queue_url: {
      ...url,
      description: 'A queue subscribed to the topic (raw delivery): what a subscriber receives.',
    },
    bucket: url,
    api_key_grants_bucket: {
      ...url,
      description:
        'The bucket of the API key grants object (api-key-grants.json), which the authorizer reads: write it to add or revoke a key while the stack runs.',
    },
    control_url: {
      ...url,
      description: 'Fault drills (loopback only); only on a stack started with a control port.',
    },
    pids: {
      type: 'object',
      additionalProperties: { type: 'integer' },
      description: 'Process ids of the supervisor and each service it runs.',
    },
    started_at: { type: 'string', minLength: 1 },
  },
  required: [
    'api_url',
    'api_key',
    'tenant_id',
    'emulator_endpoint',
    'region',
    'database_url',
    'queue_url',
    'dlq_url',
    'topic_arn',
    'notifications_queue_url',
    'bucket',
    'pids',
    'started_at',
  ],
  additionalProperties: false,
} as const;

/** The content of `.local/stack.json`. */
export type LocalStack = FromSchema<typeof localStackSchema>;
