import { setTimeout as sleep } from 'node:timers/promises';
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

/** Where a payload object lives. */
export interface PayloadLocation {
  bucket: string;
  key: string;
}

/** What a put did: wrote a new object, or found the same payload already stored under its key. */
export type PutOutcome = 'written' | 'exists';

/** Attempts at a put that S3 answers 409 ConditionalRequestConflict (a racing write of the key). */
const conflictAttempts = 3;

/**
 * Stores a canonical payload, encrypted at rest (SSE-S3), with its hash as metadata, under a
 * conditional put (`If-None-Match: *`) that never replaces an object: the key is unique to the
 * payload's bytes ({@link payloadKey}), so an object already there (412) is this payload, sent
 * before — an identical resend — and the put succeeds as `exists`. A 409 (another conditional
 * write of the same key in flight) is tried again; anything else is thrown (transient).
 */
export async function putPayload(
  s3: S3Client,
  location: PayloadLocation,
  payload: string,
  sha256: string,
): Promise<PutOutcome> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await s3.send(
        new PutObjectCommand({
          Bucket: location.bucket,
          Key: location.key,
          Body: payload,
          ContentType: 'application/json',
          ServerSideEncryption: 'AES256',
          Metadata: { sha256 },
          IfNoneMatch: '*',
        }),
      );
      return 'written';
    } catch (error) {
      if (httpStatusOf(error) === 412) return 'exists';
      if (httpStatusOf(error) !== 409 || attempt >= conflictAttempts) throw error;
      await sleep(25 * attempt);
    }
  }
}

/**
 * Reads a payload's exact bytes. A missing object (404: NoSuchKey, or a bare
 * 404 without an S3 error body) is a PayloadMissingError, permanent; any other
 * failure is thrown as is and treated as transient.
 *
 * S3 answers 404 for a missing key only to a caller that may also list the
 * bucket: without s3:ListBucket it answers 403 AccessDenied, which cannot be
 * told apart from a real permission problem and so stays transient. The
 * processor's role is granted ListBucket on the payload bucket for exactly
 * this reason.
 */
export async function getPayload(s3: S3Client, location: PayloadLocation): Promise<Buffer> {
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

/** The HTTP status S3 answered with, when the error is S3's answer (not a network failure). */
function httpStatusOf(error: unknown): number | undefined {
  return error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
}

/** A missing object or bucket, by the SDK's error classes or, failing those, by HTTP status 404. */
function isNotFound(error: unknown): boolean {
  if (error instanceof NoSuchKey || error instanceof NoSuchBucket) return true;
  return httpStatusOf(error) === 404;
}
