import type { Sql } from './client';
import { ensureLoginRole } from './loginRole';

/**
 * The login role the processor uses: member of `fluxa_writer` (SELECT, INSERT,
 * UPDATE on events and idempotency_keys; no DELETE, no DDL, no role management).
 */
export const writerRoleName = 'fluxa_processor';

/**
 * Creates (or re-keys) the processor's least-privilege login role. The password
 * never leaves this process: the server receives its SCRAM verifier.
 */
export async function ensureWriterRole(sql: Sql, password: string): Promise<void> {
  await ensureLoginRole(
    sql,
    { name: writerRoleName, group: 'fluxa_writer', readOnly: false },
    password,
  );
}
