import type { Sql } from './client';
import { ensureLoginRole } from './loginRole';

/** The login role the query function uses: member of `fluxa_readonly` (SELECT only). */
export const queryRoleName = 'fluxa_query';

/**
 * Creates (or re-keys) the read-only login role for the query function and
 * makes its sessions read-only by default. The password never leaves this
 * process: the server receives its SCRAM verifier.
 */
export async function ensureQueryRole(sql: Sql, password: string): Promise<void> {
  await ensureLoginRole(
    sql,
    { name: queryRoleName, group: 'fluxa_readonly', readOnly: true },
    password,
  );
}
