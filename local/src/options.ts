import path from 'node:path';
import { parseArgs } from 'node:util';
import { type LocalApiKey, parseApiKeys } from './apiKeys';

/** How a local stack is started; flags override FLUXA_* variables, which override defaults. */
export interface StackOptions {
  /** Where state lives: stack.json, PostgreSQL data, emulator data, the dev key. */
  stateDir: string;
  apiPort: number;
  /**
   * The fault-control server's port (0: a free one); without it there is none. Only test
   * stacks ask for it (`make local-test`, `startLocalStack({ controlPort: 0 })`).
   */
  controlPort?: number;
  emulatorPort: number;
  pgPort: number;
  /** Use this database instead of starting one. */
  databaseUrl?: string;
  /** Use this emulator instead of starting one. */
  emulatorEndpoint?: string;
  /** Accepted API keys and their grants; empty means "generate a dev key". */
  apiKeys: LocalApiKey[];
  batchSize: number;
  batchingWindowMs: number;
  /** Batches the poller processes at once (the event source mapping's maximum concurrency). */
  pollerConcurrency: number;
  visibilityTimeoutSeconds: number;
  /** How long a stored event's notification is left to its processor before the relay publishes it. */
  relayGraceSeconds: number;
  /** EVENT_RETENTION_DAYS for the lifecycle run (undefined: events are kept forever). */
  eventRetentionDays?: number;
  /** TENANT_RETENTION_DAYS, as given (JSON: tenant id → days); the function checks it. */
  tenantRetentionDays?: string;
  /** SUPPRESSION_CACHE_SECONDS for ingest (undefined: its default, a minute). */
  suppressionCacheSeconds?: number;
  /** API_KEY_GRANTS_CACHE_SECONDS for the authorizer (undefined: its default, 30 s). */
  apiKeyGrantsCacheSeconds?: number;
  /** API_KEY_GRANTS_GRACE_SECONDS for the authorizer (undefined: its default, 300 s). */
  apiKeyGrantsGraceSeconds?: number;
  /** Each key's throttle, as its client's usage plan sets it. */
  rateLimitPerSecond: number;
  rateLimitBurst: number;
  logLevel: string;
  /** Where the functions' JSON logs and EMF metrics go: files in `<stateDir>/logs`, or the terminal. */
  logs: 'files' | 'terminal';
}

/** The variable that sets each port, named in messages about it. */
export const portVariables = {
  apiPort: 'FLUXA_API_PORT',
  controlPort: 'FLUXA_CONTROL_PORT',
  emulatorPort: 'FLUXA_EMULATOR_PORT',
  pgPort: 'FLUXA_PG_PORT',
} as const;

/** Documented defaults (README "Local stack"). */
export const defaults = {
  apiPort: 8787,
  emulatorPort: 4566,
  pgPort: 54329,
  // The production mapping's batch size; a window far below its 1 s, because here a receive
  // costs a millisecond and at low rates the window is pure latency; four batches in flight.
  batchSize: 100,
  batchingWindowMs: 20,
  pollerConcurrency: 4,
  visibilityTimeoutSeconds: 30,
  /** The processor's timeout when the poller runs without the supervisor's (v / 6 s). */
  processorTimeoutMs: 5_000,
  relayGraceSeconds: 10,
  rateLimitPerSecond: 1000,
  rateLimitBurst: 2000,
} as const;

/** Reads options from argv (after the command) and the environment. */
export function readStackOptions(
  argv: string[],
  env = process.env,
  cwd = process.cwd(),
): StackOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      'state-dir': { type: 'string' },
      'api-port': { type: 'string' },
      'control-port': { type: 'string' },
      'emulator-port': { type: 'string' },
      'pg-port': { type: 'string' },
      'database-url': { type: 'string' },
      'emulator-endpoint': { type: 'string' },
      'api-keys': { type: 'string' },
      'batch-size': { type: 'string' },
      'batching-window-ms': { type: 'string' },
      'poller-concurrency': { type: 'string' },
      'visibility-timeout': { type: 'string' },
    },
    strict: true,
  });
  const int = (
    flag: string | undefined,
    variable: string,
    fallback: number,
    max = 65_535,
    min = 0,
  ): number => {
    const raw = flag ?? env[variable];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new Error(`${variable} must be an integer from ${min} to ${max}, got ${raw}`);
    }
    return value;
  };
  return {
    stateDir: path.resolve(cwd, values['state-dir'] ?? env.FLUXA_STATE_DIR ?? '.local'),
    apiPort: int(values['api-port'], portVariables.apiPort, defaults.apiPort),
    ...controlPortOf(values['control-port'] ?? env[portVariables.controlPort], int),
    emulatorPort: int(values['emulator-port'], portVariables.emulatorPort, defaults.emulatorPort),
    pgPort: int(values['pg-port'], portVariables.pgPort, defaults.pgPort),
    databaseUrl: values['database-url'] ?? env.DATABASE_URL,
    emulatorEndpoint: values['emulator-endpoint'],
    apiKeys: parseApiKeys(values['api-keys'] ?? env.FLUXA_API_KEYS ?? ''),
    batchSize: int(values['batch-size'], 'FLUXA_BATCH_SIZE', defaults.batchSize, 10_000),
    batchingWindowMs: int(
      values['batching-window-ms'],
      'FLUXA_BATCHING_WINDOW_MS',
      defaults.batchingWindowMs,
      300_000,
    ),
    pollerConcurrency: int(
      values['poller-concurrency'],
      'FLUXA_POLLER_CONCURRENCY',
      defaults.pollerConcurrency,
      32,
      1,
    ),
    visibilityTimeoutSeconds: int(
      values['visibility-timeout'],
      'FLUXA_VISIBILITY_TIMEOUT',
      defaults.visibilityTimeoutSeconds,
      43_200,
      3,
    ),
    relayGraceSeconds: int(
      undefined,
      'FLUXA_RELAY_GRACE_SECONDS',
      defaults.relayGraceSeconds,
      86_400,
    ),
    ...(env.EVENT_RETENTION_DAYS
      ? { eventRetentionDays: int(undefined, 'EVENT_RETENTION_DAYS', 0, 36_500, 1) }
      : {}),
    ...(env.TENANT_RETENTION_DAYS ? { tenantRetentionDays: env.TENANT_RETENTION_DAYS } : {}),
    ...(env.SUPPRESSION_CACHE_SECONDS
      ? { suppressionCacheSeconds: int(undefined, 'SUPPRESSION_CACHE_SECONDS', 60, 60) }
      : {}),
    ...(env.API_KEY_GRANTS_CACHE_SECONDS
      ? {
          apiKeyGrantsCacheSeconds: int(undefined, 'API_KEY_GRANTS_CACHE_SECONDS', 30, 60, 1),
        }
      : {}),
    ...(env.API_KEY_GRANTS_GRACE_SECONDS
      ? {
          apiKeyGrantsGraceSeconds: int(undefined, 'API_KEY_GRANTS_GRACE_SECONDS', 300, 3600),
        }
      : {}),
    rateLimitPerSecond: int(undefined, 'FLUXA_RATE_LIMIT', defaults.rateLimitPerSecond, 1_000_000),
    rateLimitBurst: int(undefined, 'FLUXA_RATE_BURST', defaults.rateLimitBurst, 1_000_000),
    logLevel: env.LOG_LEVEL ?? 'info',
    logs: logsOf(env.FLUXA_LOGS),
  };
}

/** The control port when a flag or FLUXA_CONTROL_PORT asks for the fault-control server. */
function controlPortOf(
  raw: string | undefined,
  int: (flag: string | undefined, variable: string, fallback: number) => number,
): Pick<StackOptions, 'controlPort'> {
  if (raw === undefined || raw === '') return {};
  return { controlPort: int(raw, portVariables.controlPort, 0) };
}

function logsOf(raw: string | undefined): StackOptions['logs'] {
  if (raw === undefined || raw === '' || raw === 'files') return 'files';
  if (raw === 'terminal') return 'terminal';
  throw new Error(`FLUXA_LOGS must be files or terminal, got ${raw}`);
}
