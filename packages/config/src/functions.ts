import { isValidTenantId } from '@fluxa/models';
import { type DatabaseSettings, readDatabaseSettings } from './database';
import { type Env, EnvReader } from './env';

/** What every function reads. */
export interface CommonConfig {
  stage: string;
  logLevel: string;
}

export interface IngestConfig extends CommonConfig {
  queueUrl: string;
  payloadBucket: string;
  /** 413 above this many (decoded) bytes for POST /events. */
  maxEventBytes: number;
  /** Envelopes whose encoded message (body + attributes) exceeds this go through S3. */
  sqsMaxMessageBytes: number;
  /** How old a tenant's suppression list may be before ingest reads it again (at most 60 s). */
  suppressionCacheSeconds: number;
}

export interface ProcessorConfig extends CommonConfig {
  /** The main queue: a record to retry has its visibility set here (its backoff). */
  queueUrl: string;
  dlqUrl: string;
  topicArn: string;
  payloadBucket: string;
  /** How long a claim blocks other processors; a crashed claimant's lock expires after it. */
  claimLeaseSeconds: number;
  /**
   * The main queue's redrive `maxReceiveCount`: on that receive a record that fails again is
   * dead-lettered by the processor itself, with its reason. Set from the same value as the queue.
   */
  maxReceiveCount: number;
  /**
   * How long a record to retry stays invisible after its first failed receive, doubling on each
   * later one (with jitter) up to {@link retryBackoffMaxSeconds}: with the receive budget, how
   * long a transient outage (the database down) can last before anything is dead-lettered.
   */
  retryBackoffBaseSeconds: number;
  retryBackoffMaxSeconds: number;
  database: DatabaseSettings;
}

/** Where the authorizer's grants live and how long it trusts the copy it read. */
export interface ApiKeyGrantsSource {
  /** The bucket and key of the grants object (API_KEY_GRANTS_BUCKET, API_KEY_GRANTS_KEY). */
  bucket: string;
  key: string;
  /**
   * How old the copy in memory may be before the next request reads the object again
   * (API_KEY_GRANTS_CACHE_SECONDS, 1–60, default 30): with API Gateway's authorizer result TTL,
   * the longest a revoked key keeps working.
   */
  cacheSeconds: number;
  /**
   * How long past its cache period the last copy read still answers while the object cannot be
   * read (API_KEY_GRANTS_GRACE_SECONDS, 0–3600, default 300); after it every key is refused
   * with a 503 until a read succeeds. 0: refuse as soon as a refresh fails.
   */
  graceSeconds: number;
}

export interface AuthorizerConfig extends CommonConfig {
  apiKeyGrants: ApiKeyGrantsSource;
}

export interface QueryConfig extends CommonConfig {
  database: DatabaseSettings;
}

export interface RelayConfig extends CommonConfig {
  topicArn: string;
  /**
   * A stored event is owed to the relay once it has been unnotified this long: time for the
   * processor that stored it to publish it first (60 s on AWS, 10 s locally).
   */
  graceSeconds: number;
  /**
   * The most notifications a replay publishes per second: the rest of SNS's publish quota (and
   * of the machine, locally) stays with live notifications.
   */
  replayMaxPerSecond: number;
  database: DatabaseSettings;
}

export interface ControlConfig extends CommonConfig {
  /** Where the suppression lists ingest reads live (under `control/`). */
  payloadBucket: string;
  database: DatabaseSettings;
}

export interface MigrateConfig extends CommonConfig {
  database: DatabaseSettings;
  /**
   * The secret the migrate function fills with each function's login role credentials, by
   * function (deployed stacks: QUERY_ROLE_SECRET_ARN, WRITER_ROLE_SECRET_ARN for the
   * processor, RELAY_ROLE_SECRET_ARN, CONTROL_ROLE_SECRET_ARN); a function without one keeps
   * using the URL's user (local).
   */
  roleSecretArns: { query?: string; processor?: string; relay?: string; control?: string };
  /** `success` idempotency keys last seen longer ago than this are purged (the purge action). */
  idempotencyRetentionDays: number;
  /** Events stored longer ago than this are deleted with their payloads; undefined: kept forever. */
  eventRetentionDays?: number;
  /** Per-tenant retention overriding `eventRetentionDays` (TENANT_RETENTION_DAYS, JSON). */
  tenantRetentionDays: Record<string, number>;
  /** The payload bucket, whose objects erasures and retention delete. */
  payloadBucket?: string;
}

const lambdaPayloadLimit = 6 * 1024 * 1024;

function common(reader: EnvReader): CommonConfig {
  return {
    stage: reader.optional('FLUXA_STAGE') ?? 'local',
    logLevel: reader.optional('LOG_LEVEL') ?? 'info',
  };
}

/** Reads the ingest function's environment; throws ConfigError naming every problem. */
export function readIngestConfig(env: Env = process.env): IngestConfig {
  const reader = new EnvReader(env);
  return reader.done({
    ...common(reader),
    queueUrl: reader.required('QUEUE_URL'),
    payloadBucket: reader.required('PAYLOAD_BUCKET'),
    maxEventBytes: reader.integer('MAX_EVENT_BYTES', 1024 * 1024, {
      min: 1024,
      max: lambdaPayloadLimit,
    }),
    sqsMaxMessageBytes: reader.integer('SQS_MAX_MESSAGE_BYTES', 262_144, {
      min: 1024,
      max: 1_048_576,
    }),
    suppressionCacheSeconds: reader.integer('SUPPRESSION_CACHE_SECONDS', 60, { min: 0, max: 60 }),
  });
}

/** Reads the processor function's environment. */
export function readProcessorConfig(env: Env = process.env): ProcessorConfig {
  const reader = new EnvReader(env);
  return reader.done({
    ...common(reader),
    queueUrl: reader.required('QUEUE_URL'),
    dlqUrl: reader.required('DLQ_URL'),
    topicArn: reader.required('TOPIC_ARN'),
    payloadBucket: reader.required('PAYLOAD_BUCKET'),
    claimLeaseSeconds: reader.integer('CLAIM_LEASE_SECONDS', 120, { min: 1, max: 43_200 }),
    maxReceiveCount: reader.integer('MAX_RECEIVE_COUNT', 10, { min: 1, max: 1000 }),
    retryBackoffBaseSeconds: reader.integer('RETRY_BACKOFF_BASE_SECONDS', 60, {
      min: 1,
      max: 43_200,
    }),
    retryBackoffMaxSeconds: reader.integer('RETRY_BACKOFF_MAX_SECONDS', 1800, {
      min: 1,
      max: 43_200,
    }),
    database: readDatabaseSettings(reader),
  });
}

/** Reads the authorizer's environment: where its grants object is, and how long to trust a copy. */
export function readAuthorizerConfig(env: Env = process.env): AuthorizerConfig {
  const reader = new EnvReader(env);
  return reader.done({
    ...common(reader),
    apiKeyGrants: {
      bucket: reader.required('API_KEY_GRANTS_BUCKET'),
      key: reader.required('API_KEY_GRANTS_KEY'),
      cacheSeconds: reader.integer('API_KEY_GRANTS_CACHE_SECONDS', 30, { min: 1, max: 60 }),
      graceSeconds: reader.integer('API_KEY_GRANTS_GRACE_SECONDS', 300, { min: 0, max: 3600 }),
    },
  });
}

/** Reads the query function's environment. */
export function readQueryConfig(env: Env = process.env): QueryConfig {
  const reader = new EnvReader(env);
  return reader.done({ ...common(reader), database: readDatabaseSettings(reader) });
}

/** Reads the relay function's environment. */
export function readRelayConfig(env: Env = process.env): RelayConfig {
  const reader = new EnvReader(env);
  return reader.done({
    ...common(reader),
    topicArn: reader.required('TOPIC_ARN'),
    graceSeconds: reader.integer('RELAY_GRACE_SECONDS', 60, { min: 0, max: 86_400 }),
    replayMaxPerSecond: reader.integer('REPLAY_MAX_PER_SECOND', 2_000, { min: 10, max: 30_000 }),
    database: readDatabaseSettings(reader),
  });
}

/** Reads the control function's environment. */
export function readControlConfig(env: Env = process.env): ControlConfig {
  const reader = new EnvReader(env);
  return reader.done({
    ...common(reader),
    payloadBucket: reader.required('PAYLOAD_BUCKET'),
    database: readDatabaseSettings(reader),
  });
}

/** Reads the migrate function's environment. */
export function readMigrateConfig(env: Env = process.env): MigrateConfig {
  const reader = new EnvReader(env);
  return reader.done({
    ...common(reader),
    database: readDatabaseSettings(reader),
    roleSecretArns: {
      query: reader.optional('QUERY_ROLE_SECRET_ARN'),
      processor: reader.optional('WRITER_ROLE_SECRET_ARN'),
      relay: reader.optional('RELAY_ROLE_SECRET_ARN'),
      control: reader.optional('CONTROL_ROLE_SECRET_ARN'),
    },
    idempotencyRetentionDays: reader.integer('IDEMPOTENCY_RETENTION_DAYS', 30, {
      min: 1,
      max: 3650,
    }),
    eventRetentionDays: reader.optional('EVENT_RETENTION_DAYS')
      ? reader.integer('EVENT_RETENTION_DAYS', 0, retentionRange)
      : undefined,
    tenantRetentionDays: readTenantRetention(reader),
    payloadBucket: reader.optional('PAYLOAD_BUCKET'),
  });
}

/** A retention period in days: from a day to a century. */
const retentionRange = { min: 1, max: 36_500 };

/** TENANT_RETENTION_DAYS: a JSON object of tenant id → days, e.g. {"acme":400}. */
function readTenantRetention(reader: EnvReader): Record<string, number> {
  const raw = reader.optional('TENANT_RETENTION_DAYS');
  if (raw === undefined || raw.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    reader.problems.push('TENANT_RETENTION_DAYS must be a JSON object of tenant id to days');
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    reader.problems.push('TENANT_RETENTION_DAYS must be a JSON object of tenant id to days');
    return {};
  }
  const days: Record<string, number> = {};
  for (const [tenant, value] of Object.entries(parsed)) {
    const valid =
      isValidTenantId(tenant) &&
      Number.isInteger(value) &&
      (value as number) >= retentionRange.min &&
      (value as number) <= retentionRange.max;
    if (!valid) {
      reader.problems.push(
        `TENANT_RETENTION_DAYS: ${JSON.stringify(tenant)} must be a tenant id with ${retentionRange.min}–${retentionRange.max} days`,
      );
      continue;
    }
    days[tenant] = value as number;
  }
  return days;
}
