import { DeleteObjectsCommand, type S3Client } from '@aws-sdk/client-s3';

/** DeleteObjects takes at most 1,000 keys per call. */
const maxKeysPerCall = 1_000;

/** An object S3 could not delete: the caller must not forget its key. */
export class PayloadDeleteError extends Error {
  constructor(readonly keys: string[]) {
    super(`S3 did not delete ${keys.length} payload object(s)`);
    this.name = 'PayloadDeleteError';
  }
}

/**
 * Deletes payload objects (DeleteObjects, 1,000 keys per call, the calls concurrent). A key
 * with no object counts as deleted, as S3 answers it. Resolves with how many were deleted;
 * rejects with {@link PayloadDeleteError} naming the keys S3 reported errors for, so a caller
 * that must not lose track of them (an erasure) keeps its rows until they are gone.
 */
export async function deletePayloads(
  s3: S3Client,
  bucket: string,
  keys: readonly string[],
): Promise<number> {
  const calls = Array.from({ length: Math.ceil(keys.length / maxKeysPerCall) }, (_, i) =>
    keys.slice(i * maxKeysPerCall, (i + 1) * maxKeysPerCall),
  );
  const answers = await Promise.all(
    calls.map((chunk) =>
      s3.send(
        new DeleteObjectsCommand({
          Bucket: bucket,
          Delete: { Objects: chunk.map((Key) => ({ Key })), Quiet: false },
        }),
      ),
    ),
  );
  const failed = answers.flatMap((a) => (a.Errors ?? []).map((e) => e.Key ?? ''));
  if (failed.length > 0) throw new PayloadDeleteError(failed);
  return answers.reduce((total, a) => total + (a.Deleted?.length ?? 0), 0);
}
