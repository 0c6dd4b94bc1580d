import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { type Message, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { awsClientOptions } from '@fluxa/config';
import { type FluxaAwsResources, provisionAws } from '@fluxa/local-runtime';
import type { StoredRecord } from '@fluxa/models';
import { publishNotifications } from '../src';

const sqs = new SQSClient(awsClientOptions());
const sns = new SNSClient(awsClientOptions());
let aws: FluxaAwsResources;

beforeAll(async () => {
  aws = await provisionAws(
    { sqs, sns, s3: new S3Client(awsClientOptions()) },
    { prefix: `notify-${Date.now()}` },
  );
});

/** A stored record as `GET /events/{id}` returns it. */
function aStoredRecord(eventId: string, metadata: StoredRecord['metadata'] = null): StoredRecord {
  return {
    tenant_id: 'acme',
    event_id: eventId,
    correlation_id: `corr-${eventId}`,
    user_id: 'u-1',
    amount: 12.5,
    currency: 'EUR',
    merchant: 'Shop',
    timestamp: '2026-01-01T00:00:00.000000Z',
    metadata,
    payload_mode: 'INLINE',
    payload_sha256: 'a'.repeat(64),
    received_at: '2026-01-01T00:00:01.000000Z',
    created_at: '2026-01-01T00:00:02.000000Z',
  };
}

/** Receives what the subscriber queue holds, at least `count` messages. */
async function receive(count: number): Promise<Message[]> {
  const messages: Message[] = [];
  while (messages.length < count) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: aws.notificationsQueueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        MessageAttributeNames: ['All'],
      }),
    );
    messages.push(...Messages);
  }
  return messages;
}

const attributesOf = (message: Message | undefined) =>
  Object.fromEntries(
    Object.entries(message?.MessageAttributes ?? {}).map(([k, v]) => [k, v.StringValue]),
  );

describe('publishNotifications', () => {
  it('publishes the stored record as the body, with tenant, event, correlation and trace attributes', async () => {
    // Prepare
    const record = aStoredRecord('n-1', { channel: 'web' });
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

    // Act
    const result = await publishNotifications(sns, aws.topicArn, [{ record, traceparent }]);

    // Assess
    expect(result.failed).toEqual([]);
    const [message] = await receive(1);
    expect(JSON.parse(message?.Body ?? '{}')).toEqual(record);
    expect(attributesOf(message)).toEqual({
      tenant_id: 'acme',
      event_id: 'n-1',
      correlation_id: 'corr-n-1',
      traceparent,
    });
  });

  it('marks a replayed notification with its replay id, in the body and as an attribute', async () => {
    // Prepare
    const record = aStoredRecord('n-2');

    // Act
    await publishNotifications(sns, aws.topicArn, [{ record, replayId: 'rpl-1' }]);

    // Assess
    const [message] = await receive(1);
    expect(JSON.parse(message?.Body ?? '{}')).toEqual({ ...record, replay_id: 'rpl-1' });
    expect(attributesOf(message).replay_id).toBe('rpl-1');
  });

  it('drops the metadata of a record that would not fit SNS and says so', async () => {
    // Prepare
    const record = aStoredRecord('n-3', { pad: 'x'.repeat(262_144) });

    // Act
    const result = await publishNotifications(sns, aws.topicArn, [{ record }]);

    // Assess
    expect(result.published).toHaveLength(1);
    const [message] = await receive(1);
    const { metadata: _dropped, ...rest } = record;
    expect(JSON.parse(message?.Body ?? '{}')).toEqual({ ...rest, metadata_omitted: true });
  });

  it('keeps at most `concurrency` PublishBatch calls in flight, and publishes every one', async () => {
    // Prepare: 100 notifications (10 calls), 2 at a time, counted by an SDK middleware
    const counted = new SNSClient(awsClientOptions());
    let inFlight = 0;
    let most = 0;
    counted.middlewareStack.add(
      (next) => async (args) => {
        most = Math.max(most, ++inFlight);
        try {
          return await next(args);
        } finally {
          inFlight -= 1;
        }
      },
      { step: 'initialize' },
    );
    const notifications = Array.from({ length: 100 }, (_, i) => ({
      record: aStoredRecord(`n-c${i}`),
    }));

    // Act
    const result = await publishNotifications(counted, aws.topicArn, notifications, {
      concurrency: 2,
    });

    // Assess
    expect(most).toBe(2);
    expect(result.published).toHaveLength(100);
    expect(
      new Set((await receive(100)).map((m) => m.MessageAttributes?.event_id?.StringValue)),
    ).toEqual(new Set(notifications.map((n) => n.record.event_id)));
  });

  it('counts an entry SNS lists neither as successful nor as failed as not published', async () => {
    // Prepare: an SNS endpoint that confirms only the first entry of a batch
    const server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        response.writeHead(200, { 'content-type': 'text/xml' });
        response.end(
          '<PublishBatchResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">' +
            '<PublishBatchResult><Successful><member><Id>0</Id><MessageId>m-0</MessageId>' +
            '</member></Successful><Failed/></PublishBatchResult>' +
            '<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>' +
            '</PublishBatchResponse>',
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const partial = new SNSClient({
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${port}`,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    const [first, second] = [aStoredRecord('n-4'), aStoredRecord('n-5')];

    // Act
    const result = await publishNotifications(partial, 'arn:aws:sns:us-east-1:0:t', [
      { record: first },
      { record: second },
    ]);

    // Assess
    expect(result.published.map((n) => n.record.event_id)).toEqual(['n-4']);
    expect(result.failed.map((f) => f.notification.record.event_id)).toEqual(['n-5']);
    server.close();
  });
});
