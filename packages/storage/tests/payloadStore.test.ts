import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { awsClientOptions } from '@fluxa/config';
import { provisionAws } from '@fluxa/local-runtime';
import { getPayload, PayloadMissingError, payloadKey, putPayload, sha256Hex } from '../src';

const s3 = new S3Client(awsClientOptions());
let bucket: string;

beforeAll(async () => {
  const resources = await provisionAws(
    { s3, sqs: new SQSClient(awsClientOptions()), sns: new SNSClient(awsClientOptions()) },
    { prefix: `storage-${Date.now()}` },
  );
  bucket = resources.bucket;
});

describe('payload store', () => {
  it('reads back exactly the bytes it stored', async () => {
    // Prepare
    const payload = JSON.stringify({ event_id: 'e-1', note: 'héllo ✓' });
    const location = { bucket, key: payloadKey('acme', 'e-1', new Date('2026-03-04T23:59:59Z')) };

    // Act
    await putPayload(s3, location, payload, sha256Hex(payload));
    const bytes = await getPayload(s3, location);

    // Assess
    expect(location.key).toBe('raw/acme/2026-03-04/e-1.json');
    expect(bytes.toString('utf8')).toBe(payload);
    expect(sha256Hex(bytes)).toBe(sha256Hex(payload));
  });

  it('reports a missing object as a permanent PayloadMissingError', async () => {
    // Act
    const read = getPayload(s3, { bucket, key: 'raw/2026-01-01/absent.json' });

    // Assess
    await expect(read).rejects.toBeInstanceOf(PayloadMissingError);
    await expect(read).rejects.toMatchObject({ code: 'PAYLOAD_MISSING', permanent: true });
  });

  it('lets an unreachable S3 fail as a transient error', async () => {
    // Prepare
    const unreachable = new S3Client({
      ...awsClientOptions(),
      endpoint: 'http://127.0.0.1:1',
      maxAttempts: 1,
    });

    // Act
    const read = getPayload(unreachable, { bucket, key: 'raw/2026-01-01/x.json' });

    // Assess
    await expect(read).rejects.not.toBeInstanceOf(PayloadMissingError);
  });
});

describe('sha256Hex', () => {
  it('hashes the UTF-8 bytes of a string', () => {
    expect(sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});
