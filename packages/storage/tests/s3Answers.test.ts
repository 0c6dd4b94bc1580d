import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { S3Client } from '@aws-sdk/client-s3';
import { getPayload, PayloadMissingError } from '../src';

/** An HTTP endpoint that answers every S3 request with one fixed response. */
async function s3Answering(
  status: number,
  body: string,
): Promise<{ s3: S3Client; server: Server }> {
  const server = createServer((_request, response) => {
    response.writeHead(status, { 'content-type': 'application/xml' });
    response.end(body);
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
  return { s3, server };
}

const location = { bucket: 'payloads', key: 'raw/2026-01-01/e-1.json' };

describe('how S3 answers a read of a payload', () => {
  it('treats the 403 S3 gives a caller without s3:ListBucket as transient, not as a missing payload', async () => {
    // Prepare
    const { s3, server } = await s3Answering(
      403,
      '<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>',
    );

    // Act
    const read = getPayload(s3, location);

    // Assess
    await expect(read).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(read).rejects.not.toBeInstanceOf(PayloadMissingError);
    server.close();
  });

  it('treats a 404 without an S3 error body as a missing payload', async () => {
    // Prepare
    const { s3, server } = await s3Answering(404, '');

    // Act
    const read = getPayload(s3, location);

    // Assess
    await expect(read).rejects.toBeInstanceOf(PayloadMissingError);
    server.close();
  });
});
