import { SQSClient } from '@aws-sdk/client-sqs';
import { awsClientOptions } from '@fluxa/config';
import { functionContainer } from './container';
import { tellParent } from './messages';
import { defaults } from './options';
import { type SqsHandler, startPoller } from './poller';
import { listenForStop, surviveClosedOutput } from './signals';

/**
 * The poller child process: one container of the processor bundle per concurrent invocation
 * (a worker thread reading the same environment Terraform sets on AWS, ended when an invocation
 * runs past the processor's timeout, as Lambda ends it), fed SQS batches until SIGTERM or until
 * its supervisor is gone; then it finishes the batches in flight and exits.
 */
export async function runPollerProcess(): Promise<void> {
  const stop = listenForStop();
  surviveClosedOutput();
  const env = process.env;
  const concurrency = Number(env.FLUXA_POLLER_CONCURRENCY ?? defaults.pollerConcurrency);
  const timeoutMs = Number(env.FLUXA_PROCESSOR_TIMEOUT_MS ?? defaults.processorTimeoutMs);
  const containers = Array.from({ length: concurrency }, () =>
    functionContainer('processor', timeoutMs),
  );
  const handlers = containers.map(
    (container): SqsHandler =>
      (event) =>
        container.invoke(event) as ReturnType<SqsHandler>,
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
  await Promise.all(containers.map((container) => container.close()));
  process.exit(0);
}
