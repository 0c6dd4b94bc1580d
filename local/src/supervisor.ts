import type { LocalStack } from '@fluxa/models';
import { devKey, grantsOf } from './apiKeys';
import { type AuthorizerHandler, type ProxyHandler, startApiServer } from './apiServer';
import { localGrantsBucket, provisionLocalAws, publishLocalGrants, region } from './aws';
import { importHandler } from './bundles';
import { functionContainer } from './container';
import { startControlServer } from './controlServer';
import { migrate } from './database';
import { devApiKey } from './devApiKey';
import { manageEmulator } from './emulator';
import { functionEnv, processorTimings } from './functionEnv';
import { tellParent } from './messages';
import type { StackOptions } from './options';
import { forgetProcess } from './pidFiles';
import { supervisePoller } from './pollerSupervision';
import { closeServer } from './ports';
import { managePostgres } from './postgres';
import { scheduleLifecycle, scheduleRelay } from './schedules';
import { listenForStop, type StopRequest, surviveClosedOutput } from './signals';
import { LocalStackError, startFailureLine } from './stackErrors';
import { openStackLog, type StackLog } from './stackLog';
import { statePaths } from './stateDir';
import { removeStackInfo, writeStackInfo } from './stateFile';
import { createTeardown, type Teardown } from './teardown';

/** The scheduled functions' timeout (relay, lifecycle), as on AWS: a run stops 10 s before it. */
const lambdaTimeoutMs = 60_000;

/**
 * The supervisor (`main.mjs supervise`, started by the console): runs the stack until asked
 * to stop (SIGTERM, or the console gone), then stops everything, last started first — the
 * API closes, the poller drains its batch in flight, then the emulator and PostgreSQL stop.
 * Reports `ready` with the stack's info, or — after stopping whatever it had started — one
 * `failed` line. Its stdout carries the functions' logs and metrics; its own log goes to
 * `logs/stack.log`.
 */
export async function runSupervisor(options: StackOptions): Promise<number> {
  const stop = listenForStop();
  surviveClosedOutput();
  const stackLog = openStackLog(options.stateDir);
  const log = stackLog.line;
  const tell = (line: string) => {
    log(line);
    tellParent({ type: 'note', line });
  };
  const teardown = createTeardown(log);
  let failure: string | undefined;
  try {
    const info = await startStack(options, teardown, { stackLog, tell, stop });
    tellParent({ type: 'ready', info });
    log(`stopping (${await stop.promise}): draining the poller, then every service`);
  } catch (error) {
    const known = error instanceof LocalStackError;
    if (!known || error.code !== 'INTERRUPTED') {
      failure = startFailureLine(error, statePaths(options.stateDir).stackLog);
      log(`the start failed: ${known || !(error instanceof Error) ? failure : error.stack}`);
    }
  } finally {
    await teardown.run();
    removeStackInfo(options.stateDir);
    forgetProcess(options.stateDir, 'supervisor', process.pid);
    stackLog.close();
  }
  if (failure) tellParent({ type: 'failed', line: failure });
  return failure ? 1 : 0;
}

/**
 * Brings the stack up in dependency order, the API last (it opens once everything behind it
 * runs), registering each part with `teardown` as soon as it runs. Between steps it gives
 * up when a stop was asked for.
 */
async function startStack(
  options: StackOptions,
  teardown: Teardown,
  io: { stackLog: StackLog; tell(line: string): void; stop: StopRequest },
): Promise<LocalStack> {
  const goOn = () => {
    if (io.stop.requested) throw new LocalStackError('INTERRUPTED', 'the start was interrupted');
  };
  const pg = await managePostgres(options, io.stackLog);
  teardown.add('PostgreSQL', () => pg.stop());
  goOn();
  await migrate(pg.url);
  const emulator = await manageEmulator(options);
  teardown.add('the emulator', () => emulator.stop());
  goOn();
  const resources = await provisionLocalAws(emulator.endpoint, options.visibilityTimeoutSeconds);
  // The first key is the one stack.json lists; without keys, the dev key is the only one.
  const [listedKey = devKey(devApiKey(options.stateDir)), ...otherKeys] = options.apiKeys;
  await publishLocalGrants(emulator.endpoint, grantsOf([listedKey, ...otherKeys]));
  const env = functionEnv(options, emulator.endpoint, pg.url, resources);
  Object.assign(process.env, env); // before the imports: the bundles read it at cold start
  const handlers = {
    ingest: await importHandler<ProxyHandler>('ingest'),
    query: await importHandler<ProxyHandler>('query'),
    control: await importHandler<ProxyHandler>('control'),
    authorizer: await importHandler<AuthorizerHandler>('authorizer'),
  };
  goOn();
  const lifecycle = scheduleLifecycle(functionContainer('migrate', lambdaTimeoutMs), io.tell);
  teardown.add('the lifecycle schedule', () => lifecycle.stop());
  const relay = scheduleRelay(functionContainer('relay', lambdaTimeoutMs), io.tell);
  teardown.add('the relay', () => relay.stop());
  const poller = await supervisePoller({
    stateDir: options.stateDir,
    env: {
      ...process.env,
      FLUXA_QUEUE_ARN: resources.queueArn,
      FLUXA_BATCH_SIZE: String(options.batchSize),
      FLUXA_BATCHING_WINDOW_MS: String(options.batchingWindowMs),
      FLUXA_POLLER_CONCURRENCY: String(options.pollerConcurrency),
      FLUXA_PROCESSOR_TIMEOUT_MS: String(
        processorTimings(options.visibilityTimeoutSeconds).timeoutMs,
      ),
    },
    tell: io.tell,
  });
  teardown.add('the poller', () => poller.stop());
  goOn();
  const startedAt = new Date().toISOString();
  const info = (): LocalStack => ({
    api_url: api.url,
    api_key: listedKey.key,
    tenant_id: listedKey.grant.tenant_id,
    emulator_endpoint: emulator.endpoint,
    region,
    database_url: pg.url,
    queue_url: resources.queueUrl,
    dlq_url: resources.dlqUrl,
    topic_arn: resources.topicArn,
    notifications_queue_url: resources.notificationsQueueUrl,
    bucket: resources.bucket,
    api_key_grants_bucket: localGrantsBucket,
    ...(control ? { control_url: control.url } : {}),
    pids: pidsOf({ poller, postgres: pg, emulator }),
    started_at: startedAt,
  });
  const control =
    options.controlPort === undefined
      ? undefined
      : await startControlServer(options.controlPort, {
          pg,
          emulator,
          poller,
          relay,
          lifecycle,
          info,
        });
  if (control) teardown.add('the control server', () => closeServer(control.server));
  const api = await startApiServer({
    port: options.apiPort,
    handlers,
    rateLimit: { ratePerSecond: options.rateLimitPerSecond, burst: options.rateLimitBurst },
  });
  teardown.add('the API server', () => closeServer(api.server));
  poller.onRestart(() => writeStackInfo(options.stateDir, info()));
  writeStackInfo(options.stateDir, info());
  return info();
}

/** The pids stack.json lists: the console (our parent), this supervisor, and each service. */
function pidsOf(services: Record<string, { pid(): number | undefined }>): Record<string, number> {
  const pids: Record<string, number> = { console: process.ppid, supervisor: process.pid };
  for (const [name, service] of Object.entries(services)) {
    const pid = service.pid();
    if (pid) pids[name] = pid;
  }
  return pids;
}
