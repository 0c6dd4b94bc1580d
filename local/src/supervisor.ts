import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { awsClientOptions } from '@fluxa/config';
import { loadMigrations, runMigrations } from '@fluxa/db';
import { type FluxaAwsResources, provisionAws } from '@fluxa/local-runtime';
import type { LocalStack } from '@fluxa/models';
import postgres from 'postgres';
import { type ProxyHandler, startApiServer } from './apiServer';
import { startControlServer } from './controlServer';
import type { StackOptions } from './options';
import {
  type ManagedEmulator,
  type ManagedPostgres,
  manageEmulator,
  managePostgres,
} from './services';
import { removeStackInfo, writeStackInfo } from './stateFile';

const here = path.dirname(fileURLToPath(import.meta.url));
/** local/dist → the repository root. */
export const repoRoot = path.resolve(here, '..', '..');
const region = 'us-east-1';

/**
 * Runs the whole stack in the foreground: PostgreSQL, the AWS emulator
 * (provisioned like Terraform), migrations, the API server around the ingest and
 * query bundles, and the processor bundle behind a poller in a child process
 * (restarted if it dies, as Lambda would be). SIGINT/SIGTERM drain the poller's
 * batch in flight, then stop every child. Resolves when everything stopped.
 */
export async function runStack(
  options: StackOptions,
  announce: (info: LocalStack) => void,
): Promise<void> {
  mkdirSync(options.stateDir, { recursive: true });
  const log = (line: string) => process.stderr.write(`local: ${line}\n`);
  const pg = await managePostgres(options, log);
  const emulator = await manageEmulator(options, fileURLToPath(import.meta.url));
  const stopping: (() => Promise<void>)[] = [() => emulator.stop(), () => pg.stop()];
  try {
    const databaseUrl = await prepareDatabase(pg);
    const resources = await provisionAws(awsClients(emulator.endpoint), {
      prefix: 'fluxa-local',
      visibilityTimeoutSeconds: options.visibilityTimeoutSeconds,
      maxReceiveCount: 3,
    });
    const apiKey = options.apiKeys[0] ?? devApiKey(options.stateDir);
    const env = functionEnv(options, emulator.endpoint, databaseUrl, resources);
    Object.assign(process.env, env);
    const handlers = { ingest: await importHandler('ingest'), query: await importHandler('query') };
    const api = await startApiServer({
      port: options.apiPort,
      handlers,
      apiKeys: options.apiKeys.length > 0 ? options.apiKeys : [apiKey],
      rateLimit: { ratePerSecond: options.rateLimitPerSecond, burst: options.rateLimitBurst },
    });
    stopping.unshift(() => closeServer(api.server));
    const poller = superviseChild(() => spawnPoller(env, resources, options), log);
    stopping.unshift(() => poller.stop());
    const startedAt = new Date().toISOString();
    const info = (): LocalStack => ({
      api_url: api.url,
      api_key: apiKey,
      emulator_endpoint: emulator.endpoint,
      region,
      database_url: databaseUrl,
      queue_url: resources.queueUrl,
      dlq_url: resources.dlqUrl,
      topic_arn: resources.topicArn,
      notifications_queue_url: resources.notificationsQueueUrl,
      bucket: resources.bucket,
      control_url: control.url,
      pids: { supervisor: process.pid, poller: poller.pid(), ...pg.pids(), ...emulator.pids() },
      started_at: startedAt,
    });
    const control = await startControlServer(options.controlPort, {
      pg,
      emulator,
      poller,
      info: () => info(),
    });
    stopping.unshift(() => closeServer(control.server));
    poller.onRestart(() => writeStackInfo(options.stateDir, info()));
    writeStackInfo(options.stateDir, info());
    announce(info());
    await waitForSignal();
    log('stopping: draining the poller, then every service');
  } finally {
    for (const stop of stopping) {
      await stop().catch((error: unknown) =>
        log(`stop failed: ${error instanceof Error ? error.message : error}`),
      );
    }
    removeStackInfo(options.stateDir);
  }
}

async function prepareDatabase(pg: ManagedPostgres): Promise<string> {
  const sql = postgres(pg.url, { max: 1, onnotice: () => {} });
  try {
    await runMigrations(sql, loadMigrations(path.join(repoRoot, 'migrations')));
  } finally {
    await sql.end();
  }
  return pg.url;
}

export function awsClients(endpoint: string) {
  const options = awsClientOptions({ AWS_ENDPOINT_URL: endpoint });
  const common = {
    ...options,
    region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
  return { sqs: new SQSClient(common), sns: new SNSClient(common), s3: new S3Client(common) };
}

/** The environment the bundles read, exactly the variables Terraform sets on AWS. */
function functionEnv(
  options: StackOptions,
  endpoint: string,
  databaseUrl: string,
  resources: FluxaAwsResources,
): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    FLUXA_STAGE: 'local',
    LOG_LEVEL: options.logLevel,
    QUEUE_URL: resources.queueUrl,
    DLQ_URL: resources.dlqUrl,
    TOPIC_ARN: resources.topicArn,
    PAYLOAD_BUCKET: resources.bucket,
    DATABASE_URL: databaseUrl,
    // Below the visibility timeout, so a crashed processor's claims expire before redelivery.
    CLAIM_LEASE_SECONDS: String(Math.max(1, Math.floor(options.visibilityTimeoutSeconds * 0.66))),
  };
}

/** Imports a function bundle as `make package` zips it. */
async function importHandler(name: 'ingest' | 'query'): Promise<ProxyHandler> {
  const bundle = path.join(repoRoot, 'functions', name, 'dist', 'index.mjs');
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run make build first`);
  const module = (await import(pathToFileURL(bundle).href)) as { handler: ProxyHandler };
  return module.handler;
}

function spawnPoller(
  env: Record<string, string>,
  resources: FluxaAwsResources,
  options: StackOptions,
): ChildProcess {
  return spawn(process.execPath, [fileURLToPath(import.meta.url), 'poller'], {
    env: {
      ...process.env,
      ...env,
      FLUXA_QUEUE_ARN: resources.queueArn,
      FLUXA_BATCH_SIZE: String(options.batchSize),
      FLUXA_BATCHING_WINDOW_MS: String(options.batchingWindowMs),
    },
    // Own process group, so Ctrl-C reaches only the supervisor, which drains the poller first;
    // the IPC channel ends the poller if the supervisor dies.
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** Keeps a child running: restarts it when it dies unexpectedly; stop() ends it with SIGTERM (drain). */
export function superviseChild(start: () => ChildProcess, log: (line: string) => void) {
  let child = start();
  let stopping = false;
  const restartListeners: (() => void)[] = [];
  const watch = (current: ChildProcess) => {
    current.once('exit', (code, signal) => {
      if (stopping) return;
      log(`poller exited (${signal ?? code}); restarting it`);
      setTimeout(() => {
        if (stopping) return;
        child = start();
        watch(child);
        for (const listener of restartListeners) listener();
      }, 500);
    });
  };
  watch(child);
  return {
    pid: () => child.pid ?? 0,
    onRestart: (listener: () => void) => restartListeners.push(listener),
    kill(signal: NodeJS.Signals) {
      child.kill(signal);
    },
    stop(): Promise<void> {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      return new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    },
  };
}

/** A dev key generated once and kept in the state dir, so it survives restarts. */
function devApiKey(stateDir: string): string {
  const file = path.join(stateDir, 'dev-api-key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const key = `dev-${randomBytes(16).toString('hex')}`;
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

export type { ManagedEmulator, ManagedPostgres };
