import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { S3Client } from '@aws-sdk/client-s3';
import { getPayload, PayloadMissingError, putPayload } from '../src';

/** One answer of the fake endpoint: an HTTP status and an S3 XML body. */
type Answer = [status: number, body: string];

/**
 * An HTTP endpoint that answers S3 requests with the given answers in turn (the last one
 * again once they run out), counting the requests.
 */
async function s3Answering(
  ...answers: Answer[]
): Promise<{ s3: S3Client; server: Server; requests: () => number }> {
  let served = 0;
  const server = createServer((request, response) => {
    const [status, body] = answers[Math.min(served, answers.length - 1)] ?? [500, ''];
    served += 1;
    request.resume();
    request.on('end', () => {
      response.writeHead(status, { 'content-type': 'application/xml' });
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const s3 = new S3Client({
    region: 'eu-west-1',
    endpoint: `http://127.0.0.1:${port}`,
    forcePathStyle: true,
    maxAttempts: 1,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  return { s3, server, requests: () => served };
}

const location = { bucket: 'payloads', key: 'raw/acme/2026-01-01/e-1/0.json' };

describe('how S3 answers a read of a payload', () => {
  it('treats the 403 S3 gives a caller without s3:ListBucket as transient, not as a missing payload', async () => {
    // Prepare
    const { s3, server } = await s3Answering([
      403,
      '<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>',
    ]);

    // Act
    const read = getPayload(s3, location);

    // Assess
    await expect(read).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(read).rejects.not.toBeInstanceOf(PayloadMissingError);
    server.close();
  });

  it('treats a 404 without an S3 error body as a missing payload', async () => {
    // Prepare
    const { s3, server } = await s3Answering([404, '']);

    // Act
    const read = getPayload(s3, location);

    // Assess
    await expect(read).rejects.toBeInstanceOf(PayloadMissingError);
    server.close();
  });
});

describe('how S3 answers a conditional put of a payload', () => {
  const conflict: Answer = [
    409,
    '<Error><Code>ConditionalRequestConflict</Code><Message>retry</Message></Error>',
  ];

  it('tries again when a racing write of the same key made S3 answer 409', async () => {
    // Prepare
    const { s3, server, requests } = await s3Answering(conflict, [200, '']);

    // Act
    const outcome = await putPayload(s3, location, '{}', 'hash');

    // Assess
    expect(outcome).toBe('written');
    expect(requests()).toBe(2);
    server.close();
  });

  it('gives up after three 409s, leaving the failure to the caller (a 503 at ingest)', async () => {
    // Prepare
    const { s3, server, requests } = await s3Answering(conflict);

    // Act
    const put = putPayload(s3, location, '{}', 'hash');

    // Assess
    await expect(put).rejects.toMatchObject({ $metadata: { httpStatusCode: 409 } });
    expect(requests()).toBe(3);
    server.close();
  });
});
