import type { Sql } from './client';
import { ensureLoginRole, type LoginRole } from './loginRole';

/**
 * The login role of each function that connects with one of its own, and the NOLOGIN group (a
 * migration creates it with its grants) it joins: the query function reads only (sessions
 * read-only by default); the processor writes what persisting needs; the relay reads events,
 * sets `notified_at` and checkpoints replays; the control function records replays.
 */
export const functionRoles = {
  query: { name: 'fluxa_query', group: 'fluxa_readonly', readOnly: true },
  processor: { name: 'fluxa_processor', group: 'fluxa_writer', readOnly: false },
  relay: { name: 'fluxa_relay', group: 'fluxa_relayer', readOnly: false },
  control: { name: 'fluxa_control', group: 'fluxa_controller', readOnly: false },
} as const satisfies Record<string, LoginRole>;

/** A function that connects as a role of its own. */
export type FunctionWithRole = keyof typeof functionRoles;

/**
 * Creates (or re-keys) a function's login role in its group. The password never leaves this
 * process: the server receives its SCRAM verifier.
 */
export function ensureFunctionRole(
  sql: Sql,
  fn: FunctionWithRole,
  password: string,
): Promise<void> {
  return ensureLoginRole(sql, functionRoles[fn], password);
}
