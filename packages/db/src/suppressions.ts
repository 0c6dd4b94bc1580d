import { userSha256 } from '@fluxa/models';
import type { SqlOrTx } from './client';

/**
 * In an open transaction: takes the tenant's suppression lock (changes to one tenant's list
 * are serialised, so the list published after each change is never stale), then suppresses or
 * lifts a user's suppression. Returns the tenant's suppressed users (their SHA-256s) after it.
 */
export async function changeSuppression(
  tx: SqlOrTx,
  change: { tenantId: string; userId: string; suppressed: boolean },
): Promise<string[]> {
  const hash = userSha256(change.tenantId, change.userId);
  await tx`select pg_advisory_xact_lock(hashtextextended(${`suppressions ${change.tenantId}`}, 0))`;
  if (change.suppressed) {
    await tx`
      insert into suppressions (tenant_id, user_sha256) values (${change.tenantId}, ${hash})
      on conflict do nothing`;
  } else {
    await tx`delete from suppressions where tenant_id = ${change.tenantId} and user_sha256 = ${hash}`;
  }
  const rows = await tx<{ user_sha256: string }[]>`
    select user_sha256 from suppressions where tenant_id = ${change.tenantId} order by user_sha256`;
  return rows.map((row) => row.user_sha256);
}
