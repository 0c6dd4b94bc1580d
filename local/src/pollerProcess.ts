import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SQSClient } from '@aws-sdk/client-sqs';
import { awsClientOptions } from '@fluxa/config';
import { type SqsHandler, startPoller } from './poller';

/**
 * The poller child process: imports the processor bundle (reading the same
 * environment Terraform sets on AWS) and feeds it SQS batches until SIGTERM,
 * then finishes the batch in flight and exits.
 */
export async function runPollerProcess(repoRoot: string): Promise<void> {
  const env = process.env;
  const bundle = path.join(repoRoot, 'functions', 'processor', 'dist', 'index.mjs');
  const { handler } = (await import(pathToFileURL(bundle).href)) as { handler: SqsHandler };
  const poller = startPoller({
    sqs: new SQSClient({ ...awsClientOptions(), region: env.AWS_REGION ?? 'us-east-1' }),
    queueUrl: env.QUEUE_URL ?? '',
    queueArn: env.FLUXA_QUEUE_ARN ?? '',
    region: env.AWS_REGION ?? 'us-east-1',
    handler,
    batchSize: Number(env.FLUXA_BATCH_SIZE ?? 10),
    batchingWindowMs: Number(env.FLUXA_BATCHING_WINDOW_MS ?? 200),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', () => resolve());
    process.once('SIGINT', () => resolve());
    process.once('disconnect', () => resolve()); // the supervisor is gone: no orphans
  });
  await poller.stop();
  process.exit(0);
}
