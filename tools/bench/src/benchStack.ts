import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { awsClientOptions } from '@fluxa/config';
import { type LocalStack, type RunningStack, startLocalStack } from '@fluxa/local';
import { waitUntil } from '@fluxa/local-runtime';

/** A local stack of the benchmark's own; `stop` stops it and removes its state. */
export interface BenchStack {
  stack: RunningStack;
  stop(): Promise<void>;
}

/**
 * Starts a local stack with its defaults in a fresh temp state dir, on free ports so the bench
 * runs beside a `make local` or a test run on this machine.
 */
export async function startBenchStack(): Promise<BenchStack> {
  const stateRoot = mkdtempSync(path.join(tmpdir(), 'fluxa-bench-local-'));
  chmodSync(stateRoot, 0o755); // the postgres user (when we are root) must reach its data dir
  const cleanUp = () => rmSync(stateRoot, { recursive: true, force: true });
  try {
    const stack = await startLocalStack({
      stateDir: path.join(stateRoot, 'state'),
      apiPort: 0,
      emulatorPort: 0,
      pgPort: 0,
      timeoutMs: 90_000,
    });
    return {
      stack,
      async stop() {
        await stack.stop();
        cleanUp();
      },
    };
  } catch (error) {
    cleanUp();
    throw error;
  }
}

/**
 * Resolves once the stack's queue holds no message, visible or in flight: what an earlier
 * measurement left (the end-to-end overload phases leave a backlog) is processed before the
 * next measurement loads the stack.
 */
export async function untilQueueEmpty(info: LocalStack, timeoutMs: number): Promise<void> {
  const sqs = new SQSClient({
    ...awsClientOptions({ AWS_ENDPOINT_URL: info.emulator_endpoint }),
    region: info.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const names = ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] as const;
  try {
    await waitUntil(
      async () => {
        const { Attributes = {} } = await sqs.send(
          new GetQueueAttributesCommand({ QueueUrl: info.queue_url, AttributeNames: [...names] }),
        );
        return names.every((name) => Number(Attributes[name] ?? 0) === 0);
      },
      { timeoutMs, intervalMs: 250, what: 'the stack queue empty' },
    );
  } finally {
    sqs.destroy();
  }
}
