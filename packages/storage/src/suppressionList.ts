import {
  GetObjectCommand,
  PutObjectCommand,
  type S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';

/** Where a tenant's suppression list lives in the payload bucket. */
export function suppressionListKey(tenantId: string): string {
  return `control/suppressions/${tenantId}.json`;
}

/** The list as stored: the suppressed users' SHA-256s (no user id). */
interface SuppressionListObject {
  user_sha256: string[];
}

/** Publishes a tenant's suppression list (what ingest refuses), replacing the previous one. */
export async function publishSuppressionList(
  s3: S3Client,
  bucket: string,
  tenantId: string,
  userHashes: readonly string[],
): Promise<void> {
  const body: SuppressionListObject = { user_sha256: [...userHashes] };
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: suppressionListKey(tenantId),
      Body: JSON.stringify(body),
      ContentType: 'application/json',
      ServerSideEncryption: 'AES256',
    }),
  );
}

interface Cached {
  hashes: ReadonlySet<string>;
  etag?: string;
  readAt: number;
}

/**
 * Ingest's view of the suppression lists: each tenant's read again once it is `maxAgeMs` old
 * (a conditional GET: an unchanged list costs a 304), so a suppression takes effect within that
 * time at the door — and at once in the processor, which checks the database. No list (404) is an
 * empty one; a failed read keeps the last one read (or none: the processor still refuses).
 */
export function suppressionLists(
  s3: () => Promise<S3Client>,
  bucket: string,
  maxAgeMs: number,
  now: () => number = Date.now,
) {
  const cache = new Map<string, Cached>();
  return async (tenantId: string): Promise<ReadonlySet<string>> => {
    const cached = cache.get(tenantId);
    if (cached && now() - cached.readAt < maxAgeMs) return cached.hashes;
    try {
      const answer = await (await s3()).send(
        new GetObjectCommand({
          Bucket: bucket,
          Key: suppressionListKey(tenantId),
          ...(cached?.etag ? { IfNoneMatch: cached.etag } : {}),
        }),
      );
      const list = JSON.parse((await answer.Body?.transformToString()) ?? '{}') as
        | Partial<SuppressionListObject>
        | undefined;
      const hashes = new Set(Array.isArray(list?.user_sha256) ? list.user_sha256 : []);
      cache.set(tenantId, { hashes, readAt: now(), ...(answer.ETag ? { etag: answer.ETag } : {}) });
      return hashes;
    } catch (error) {
      const status = error instanceof S3ServiceException ? error.$metadata.httpStatusCode : 0;
      const hashes = status === 404 ? new Set<string>() : (cached?.hashes ?? new Set<string>());
      cache.set(tenantId, { ...cached, hashes, readAt: now() });
      return hashes;
    }
  };
}
