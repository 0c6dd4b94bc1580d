import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
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

/** A location for one payload of an event received on 2026-03-04. */
function locationOf(eventId: string, payload: string) {
  const sha256 = sha256Hex(payload);
  const receivedAt = new Date('2026-03-04T23:59:59Z');
  return { bucket, key: payloadKey({ tenantId: 'acme', eventId, sha256, receivedAt }) };
}

describe('payload store', () => {
  it('reads back exactly the bytes it stored, under a key unique to those bytes', async () => {
    // Prepare
    const payload = JSON.stringify({ event_id: 'e-1', note: 'héllo ✓' });
    const location = locationOf('e-1', payload);

    // Act
    const outcome = await putPayload(s3, location, payload, sha256Hex(payload));
    const bytes = await getPayload(s3, location);

    // Assess
    expect(outcome).toBe('written');
    expect(location.key).toBe(`raw/acme/2026-03-04/e-1/${sha256Hex(payload)}.json`);
    expect(bytes.toString('utf8')).toBe(payload);
  });

  it('keeps both payloads of one event id, each readable under its own key', async () => {
    // Prepare
    const first = JSON.stringify({ event_id: 'e-2', amount: 1 });
    const second = JSON.stringify({ event_id: 'e-2', amount: 2 });

    // Act
    await putPayload(s3, locationOf('e-2', first), first, sha256Hex(first));
    await putPayload(s3, locationOf('e-2', second), second, sha256Hex(second));

    // Assess
    expect((await getPayload(s3, locationOf('e-2', first))).toString('utf8')).toBe(first);
    expect((await getPayload(s3, locationOf('e-2', second))).toString('utf8')).toBe(second);
  });

  it('succeeds for an identical resend, finding its object already there', async () => {
    // Prepare
    const payload = JSON.stringify({ event_id: 'e-3', amount: 3 });
    await putPayload(s3, locationOf('e-3', payload), payload, sha256Hex(payload));

    // Act
    const outcome = await putPayload(s3, locationOf('e-3', payload), payload, sha256Hex(payload));

    // Assess
    expect(outcome).toBe('exists');
  });

  it('never replaces an object already stored under its key', async () => {
    // Prepare: a key that already holds a payload, and other bytes put at that same key
    const stored = JSON.stringify({ event_id: 'e-4', amount: 4 });
    const location = locationOf('e-4', stored);
    await putPayload(s3, location, stored, sha256Hex(stored));

    // Act
    await putPayload(s3, location, '{"event_id":"e-4","amount":5}', sha256Hex(stored));

    // Assess
    expect((await getPayload(s3, location)).toString('utf8')).toBe(stored);
  });

  it('is answered 412 by the emulator for a conditional put of an existing key, as by S3', async () => {
    // Prepare
    const put = () =>
      s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: 'raw/x/once.json',
          Body: 'a',
          IfNoneMatch: '*',
        }),
      );
    await put();

    // Act
    const again = put();

    // Assess
    await expect(again).rejects.toMatchObject({
      name: 'PreconditionFailed',
      $metadata: { httpStatusCode: 412 },
    });
  });

  it('reports a missing object as a permanent PayloadMissingError', async () => {
    // Act
    const read = getPayload(s3, { bucket, key: 'raw/acme/2026-01-01/absent/0.json' });

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
