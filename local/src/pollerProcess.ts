import { SQSClient } from '@aws-sdk/client-sqs';
import { awsClientOptions } from '@fluxa/config';
import { importHandler } from './bundles';
import { tellParent } from './messages';
import { type SqsHandler, startPoller } from './poller';
import { listenForStop, surviveClosedOutput } from './signals';

/**
 * The poller child process: imports the processor bundle (reading the same environment
 * Terraform sets on AWS) and feeds it SQS batches until SIGTERM or until its supervisor is
 * gone, then finishes the batch in flight and exits.
 */
export async function runPollerProcess(): Promise<void> {
  const stop = listenForStop();
  surviveClosedOutput();
  const env = process.env;
  const handler = await importHandler<SqsHandler>('processor');
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
  tellParent({ type: 'polling' });
  await stop.promise;
  await poller.stop();
  process.exit(0);
}
