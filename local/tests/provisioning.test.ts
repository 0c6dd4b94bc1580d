import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { awsClientOptions } from '@fluxa/config';
import { provisionAws } from '@fluxa/local-runtime';

const clients = {
  sqs: new SQSClient(awsClientOptions()),
  sns: new SNSClient(awsClientOptions()),
  s3: new S3Client(awsClientOptions()),
};

describe('provisioning the local AWS resources', () => {
  it('converges queues an earlier release created with other attributes, as an apply does', async () => {
    // Prepare: the queues as an earlier release made them (other redrive, default size)
    const prefix = `converge-${Date.now()}`;
    await provisionAws(clients, { prefix, maxReceiveCount: 3, maxMessageBytes: 1_048_576 });

    // Act
    const resources = await provisionAws(clients, {
      prefix,
      maxReceiveCount: 10,
      maxMessageBytes: 262_144,
    });

    // Assess
    const { Attributes = {} } = await clients.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: resources.queueUrl, AttributeNames: ['All'] }),
    );
    const redrive = JSON.parse(Attributes.RedrivePolicy ?? '{}') as { maxReceiveCount: unknown };
    expect(Number(redrive.maxReceiveCount)).toBe(10);
    expect(Attributes.MaximumMessageSize).toBe('262144');
  });
});
