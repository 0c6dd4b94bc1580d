/** The tenant of every event sent before tenancy, and of keys given without one. */
export const defaultTenant = 'default';

/** Pattern of a tenant id: lower-case letters, digits, `_` and `-`, not first. */
export const tenantIdPattern = '^[a-z0-9][a-z0-9_-]*$';

/** Longest tenant id, in characters. */
export const maxTenantIdLength = 64;

const tenantIdRegExp = new RegExp(tenantIdPattern);

/** A tenant id: the owner of every event a key sends, 1–64 of `[a-z0-9][a-z0-9_-]*`. */
export const tenantIdSchema = {
  type: 'string',
  minLength: 1,
  maxLength: maxTenantIdLength,
  pattern: tenantIdPattern,
  description: "The tenant an event belongs to (its key's tenant).",
} as const;

/** Whether a string is a valid tenant id. */
export function isValidTenantId(id: string): boolean {
  return id.length <= maxTenantIdLength && tenantIdRegExp.test(id);
}

/**
 * What a key may do: `write` sends events (POST), `read` reads them (GET under /events),
 * `replay` asks for and follows replays (/replays), `erase` asks for and follows erasures and
 * lifts suppressions (/erasures, /suppressions).
 */
export const scopes = ['write', 'read', 'replay', 'erase'] as const;

/** One of {@link scopes}. */
export type Scope = (typeof scopes)[number];
