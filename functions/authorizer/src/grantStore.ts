import { GetObjectCommand, type S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { Logger } from '@fluxa/logging';
import { type ApiKeyGrant, validateApiKeyGrants } from '@fluxa/models';

/** The grants object's grant for a key hash, or undefined when it grants that hash nothing. */
export type GrantLookup = (keyHash: string) => Promise<ApiKeyGrant | undefined>;

export interface GrantStoreOptions {
  s3: S3Client;
  bucket: string;
  key: string;
  /** A copy older than this is read again before it answers (a conditional GET). */
  cacheMs: number;
  /**
   * How long past `cacheMs` a copy still answers while the object cannot be read; after it,
   * lookups throw {@link GrantsUnavailableError} until a read succeeds.
   */
  graceMs: number;
  /** After a failed read, the next one is tried no sooner than this (1 s). */
  retryMs?: number;
  logger: Logger;
  now?: () => number;
}

/**
 * No grants table recent enough to answer: the object could not be read (or held no valid
 * table) for longer than the cache period and its grace. The authorizer fails, and API Gateway
 * answers 503: a valid key is never refused as invalid, and an unknown one never allowed.
 */
export class GrantsUnavailableError extends Error {
  readonly code = 'API_KEY_GRANTS_UNAVAILABLE';
  constructor(readonly lastReadAt: number | undefined) {
    super('the API key grants could not be read');
    this.name = 'GrantsUnavailableError';
  }
}

/** The object held something other than a grants table. */
class GrantsInvalidError extends Error {
  readonly code = 'API_KEY_GRANTS_INVALID';
  constructor(readonly reason: string) {
    super(`the API key grants object is not a grants table: ${reason}`);
    this.name = 'GrantsInvalidError';
  }
}

interface Copy {
  grants: ReadonlyMap<string, ApiKeyGrant>;
  etag: string | undefined;
  /** When the object last confirmed this copy: read, or answered 304 Not Modified. */
  confirmedAt: number;
}

/**
 * The authorizer's grants, read from one S3 object and held whole in memory: a lookup costs a
 * map read, never a request, whatever the key. The first lookup reads the object; one that finds
 * the copy older than `cacheMs` reads it again with `If-None-Match` on its ETag (an unchanged
 * object answers 304, with no body), concurrent lookups sharing that read. When a read fails —
 * S3 unreachable or refusing, the object missing, or not a valid table — the copy keeps
 * answering for `graceMs` more and each failure is logged at error level with its `code`; past
 * that, every lookup throws {@link GrantsUnavailableError}. A missing object is a failure, not
 * an empty table: deleting it by mistake must not look like revoking every key at once, nor a
 * corrupt write like granting nothing.
 */
export function grantStore(options: GrantStoreOptions): GrantLookup {
  const now = options.now ?? Date.now;
  const retryMs = Math.min(options.retryMs ?? 1_000, options.cacheMs);
  let copy: Copy | undefined;
  let nextAttemptAt = 0;
  let reading: Promise<void> | undefined;

  async function read(): Promise<void> {
    const startedAt = now();
    try {
      const answer = await options.s3.send(
        new GetObjectCommand({
          Bucket: options.bucket,
          Key: options.key,
          ...(copy?.etag ? { IfNoneMatch: copy.etag } : {}),
        }),
      );
      const grants = parseGrants((await answer.Body?.transformToString()) ?? '');
      copy = { grants, etag: answer.ETag, confirmedAt: startedAt };
      options.logger.info(
        { keys: grants.size, etag: answer.ETag, version_id: answer.VersionId },
        'API key grants read',
      );
    } catch (error) {
      if (copy && statusOf(error) === 304) {
        copy = { ...copy, confirmedAt: startedAt };
        return;
      }
      nextAttemptAt = startedAt + retryMs;
      options.logger.error(
        {
          code: error instanceof GrantsInvalidError ? error.code : 'API_KEY_GRANTS_UNREADABLE',
          error_name: error instanceof Error ? error.name : typeof error,
          status: statusOf(error),
          ...(error instanceof GrantsInvalidError ? { reason: error.reason } : {}),
          copy_age_ms: copy ? startedAt - copy.confirmedAt : null,
          grace_left_ms: copy
            ? Math.max(0, copy.confirmedAt + options.cacheMs + options.graceMs - startedAt)
            : 0,
        },
        'API key grants could not be read',
      );
    }
  }

  return async (keyHash) => {
    if (!copy || now() - copy.confirmedAt >= options.cacheMs) {
      if (now() >= nextAttemptAt) {
        reading ??= read().finally(() => {
          reading = undefined;
        });
      }
      if (reading) await reading;
      if (!copy || now() - copy.confirmedAt >= options.cacheMs + options.graceMs) {
        throw new GrantsUnavailableError(copy?.confirmedAt);
      }
    }
    return copy.grants.get(keyHash);
  };
}

function parseGrants(text: string): ReadonlyMap<string, ApiKeyGrant> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new GrantsInvalidError('not JSON');
  }
  const checked = validateApiKeyGrants(parsed);
  if (!checked.ok) {
    const [first] = checked.violations;
    throw new GrantsInvalidError(`${first?.field} ${first?.reason}`);
  }
  return new Map(Object.entries(checked.value));
}

function statusOf(error: unknown): number | undefined {
  return error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
}
