import {
  GetObjectCommand,
  NoSuchBucket,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
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
 * Reads a payload's exact bytes. A missing object (404: NoSuchKey, or a bare
 * 404 without an S3 error body) is a PayloadMissingError, permanent; any other
 * failure is thrown as is and treated as transient.
 *
 * S3 answers 404 for a missing key only to a caller that may also list the
 * bucket: without s3:ListBucket it answers 403 AccessDenied, which cannot be
 * told apart from a real permission problem and so stays transient. The
 * processor's role is granted ListBucket on the payload prefix for exactly
 * this reason.
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
    if (isNotFound(error)) throw new PayloadMissingError(location.bucket, location.key);
    throw error;
  }
}

/** A missing object or bucket, by the SDK's error classes or, failing those, by HTTP status 404. */
function isNotFound(error: unknown): boolean {
  if (error instanceof NoSuchKey || error instanceof NoSuchBucket) return true;
  return error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404;
}
