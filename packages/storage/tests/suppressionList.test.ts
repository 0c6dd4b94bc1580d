import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { awsClientOptions } from '@fluxa/config';
import { provisionAws } from '@fluxa/local-runtime';
import { publishSuppressionList, suppressionLists } from '../src';

const s3 = new S3Client(awsClientOptions());
let bucket: string;

beforeAll(async () => {
  ({ bucket } = await provisionAws(
    { s3, sqs: new SQSClient(awsClientOptions()), sns: new SNSClient(awsClientOptions()) },
    { prefix: `supp-${Date.now()}` },
  ));
});

describe('suppression lists', () => {
  it('reads a tenant’s list, keeps it until it is older than its age, then reads the new one', async () => {
    // Prepare: a clock the test moves
    let clock = 0;
    const lists = suppressionLists(
      async () => s3,
      bucket,
      60_000,
      () => clock,
    );
    await publishSuppressionList(s3, bucket, 'acme', ['a'.repeat(64)]);
    const first = await lists('acme');
    await publishSuppressionList(s3, bucket, 'acme', ['b'.repeat(64)]);

    // Act
    clock = 59_999;
    const cached = await lists('acme');
    clock = 60_000;
    const fresh = await lists('acme');

    // Assess
    expect([...first]).toEqual(['a'.repeat(64)]);
    expect([...cached]).toEqual(['a'.repeat(64)]);
    expect([...fresh]).toEqual(['b'.repeat(64)]);
  });

  it('reads a tenant without a list as suppressing no one', async () => {
    // Act
    const hashes = await suppressionLists(async () => s3, bucket, 60_000)('nobody');

    // Assess
    expect(hashes.size).toBe(0);
  });
});
