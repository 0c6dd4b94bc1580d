import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { PermanentError } from '@fluxa/models';

/** The envelope points at an object that is not there: retrying cannot help. */
export class PayloadMissingError extends PermanentError {
  constructor(bucket: string, key: string) {
    super('PAYLOAD_MISSING', `payload object s3://${bucket}/${key} does not exist`);
    this.name = 'PayloadMissingError';
  }
}

/** Stores a canonical payload, encrypted at rest (SSE-S3), with its hash as metadata. */
export async function putPayload(
  s3: S3Client,
  location: { bucket: string; key: string },
  payload: string,
  sha256: string,
): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: location.bucket,
      Key: location.key,
      Body: payload,
      ContentType: 'application/json',
      ServerSideEncryption: 'AES256',
      Metadata: { sha256 },
    }),
  );
}

/**
 * Reads a payload's exact bytes. A missing object is a PayloadMissingError
 * (permanent); any other failure is thrown as is and treated as transient.
 */
export async function getPayload(
  s3: S3Client,
  location: { bucket: string; key: string },
): Promise<Buffer> {
  try {
    const object = await s3.send(
      new GetObjectCommand({ Bucket: location.bucket, Key: location.key }),
    );
    if (!object.Body) throw new PayloadMissingError(location.bucket, location.key);
    return Buffer.from(await object.Body.transformToByteArray());
  } catch (error) {
    if (error instanceof Error && (error.name === 'NoSuchKey' || error.name === 'NoSuchBucket')) {
      throw new PayloadMissingError(location.bucket, location.key);
    }
    throw error;
  }
}
