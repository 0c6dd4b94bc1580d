import { BucketAlreadyOwnedByYou, CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { CreateTopicCommand, type SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  SetQueueAttributesCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';

/** The AWS resources Fluxa runs on, as Terraform provisions them. */
export interface FluxaAwsResources {
  queueUrl: string;
  queueArn: string;
  dlqUrl: string;
  dlqArn: string;
  topicArn: string;
  /** A queue subscribed to the topic (raw delivery), standing in for a subscriber. */
  notificationsQueueUrl: string;
  bucket: string;
  /** The main queue's redrive `maxReceiveCount`: what the processor must be told (MAX_RECEIVE_COUNT). */
  maxReceiveCount: number;
}

export interface ProvisionOptions {
  /** Name prefix; resources are `<prefix>-events`, `<prefix>-events-dlq`, … */
  prefix: string;
  /** Main queue visibility timeout in seconds (Terraform: 6 × processor timeout). */
  visibilityTimeoutSeconds?: number;
  maxReceiveCount?: number;
  /**
   * Both queues' MaximumMessageSize (Terraform: `sqs_max_message_bytes`, default 262,144);
   * ingest's SQS_MAX_MESSAGE_BYTES must be the same number.
   */
  maxMessageBytes?: number;
}

/**
 * Creates a queue with these attributes, or — when it exists with others (a local stack's state
 * from an earlier release: SQS answers QueueNameExists) — sets them on it, as a Terraform apply
 * converges an existing queue. Returns its URL.
 */
async function ensureQueue(
  sqs: SQSClient,
  name: string,
  attributes: Record<string, string>,
): Promise<string> {
  try {
    const created = await sqs.send(
      new CreateQueueCommand({ QueueName: name, Attributes: attributes }),
    );
    return created.QueueUrl ?? '';
  } catch (error) {
    if (!(error instanceof Error) || error.name !== 'QueueNameExists') throw error;
    const { QueueUrl = '' } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: attributes }));
    return QueueUrl;
  }
}

/**
 * Creates the queue + DLQ (redrive after maxReceiveCount, default 3), topic with
 * an SQS subscription, and payload bucket through the real AWS SDK clients.
 * Idempotent: creating what exists returns the existing resource.
 */
export async function provisionAws(
  clients: { sqs: SQSClient; sns: SNSClient; s3: S3Client },
  options: ProvisionOptions,
): Promise<FluxaAwsResources> {
  const { sqs, sns, s3 } = clients;
  const maxReceiveCount = options.maxReceiveCount ?? 3;
  const MaximumMessageSize = String(options.maxMessageBytes ?? 262_144);
  const queueArnOf = async (queueUrl: string) => {
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
    );
    return Attributes?.QueueArn ?? '';
  };
  const dlqUrl = await ensureQueue(sqs, `${options.prefix}-events-dlq`, {
    MessageRetentionPeriod: String(14 * 24 * 3600),
    MaximumMessageSize,
  });
  const dlqArn = await queueArnOf(dlqUrl);
  const queueUrl = await ensureQueue(sqs, `${options.prefix}-events`, {
    VisibilityTimeout: String(options.visibilityTimeoutSeconds ?? 30),
    MaximumMessageSize,
    RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: dlqArn,
      maxReceiveCount: String(maxReceiveCount),
    }),
  });
  const notifications = await sqs.send(
    new CreateQueueCommand({ QueueName: `${options.prefix}-notifications` }),
  );
  const notificationsQueueUrl = notifications.QueueUrl ?? '';
  const topic = await sns.send(new CreateTopicCommand({ Name: `${options.prefix}-events` }));
  const topicArn = topic.TopicArn ?? '';
  await sns.send(
    new SubscribeCommand({
      TopicArn: topicArn,
      Protocol: 'sqs',
      Endpoint: await queueArnOf(notificationsQueueUrl),
      Attributes: { RawMessageDelivery: 'true' },
    }),
  );
  const bucket = `${options.prefix}-payloads`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket })).catch((error: unknown) => {
    if (!(error instanceof BucketAlreadyOwnedByYou)) throw error;
  });
  return {
    queueUrl,
    queueArn: await queueArnOf(queueUrl),
    dlqUrl,
    dlqArn,
    topicArn,
    notificationsQueueUrl,
    bucket,
    maxReceiveCount,
  };
}
