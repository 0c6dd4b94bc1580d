import { SQSClient } from '@aws-sdk/client-sqs';
import { awsClientOptions } from '@fluxa/config';
import { importHandler } from './bundles';
import { tellParent } from './messages';
import { defaults } from './options';
import { type SqsHandler, startPoller } from './poller';
import { listenForStop, surviveClosedOutput } from './signals';

/**
 * The poller child process: imports the processor bundle once per concurrent invocation
 * (reading the same environment Terraform sets on AWS) and feeds them SQS batches until
 * SIGTERM or until its supervisor is gone, then finishes the batches in flight and exits.
 */
export async function runPollerProcess(): Promise<void> {
  const stop = listenForStop();
  surviveClosedOutput();
  const env = process.env;
  const concurrency = Number(env.FLUXA_POLLER_CONCURRENCY ?? defaults.pollerConcurrency);
  const handlers = await Promise.all(
    Array.from({ length: concurrency }, (_, container) =>
      importHandler<SqsHandler>('processor', container),
    ),
  );
  const poller = startPoller({
    sqs: new SQSClient({ ...awsClientOptions(), region: env.AWS_REGION ?? 'us-east-1' }),
    queueUrl: env.QUEUE_URL ?? '',
    queueArn: env.FLUXA_QUEUE_ARN ?? '',
    region: env.AWS_REGION ?? 'us-east-1',
    handlers,
    batchSize: Number(env.FLUXA_BATCH_SIZE ?? defaults.batchSize),
    batchingWindowMs: Number(env.FLUXA_BATCHING_WINDOW_MS ?? defaults.batchingWindowMs),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  tellParent({ type: 'polling' });
  await stop.promise;
  await poller.stop();
  process.exit(0);
}
