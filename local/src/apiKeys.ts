import {
  type ApiKeyGrant,
  type ApiKeyGrants,
  apiKeyHash,
  defaultTenant,
  isValidTenantId,
  type Scope,
  scopes,
} from '@fluxa/models';

/** A key the local stack accepts, and what it may do. */
export interface LocalApiKey {
  key: string;
  grant: ApiKeyGrant;
}

/**
 * Reads the local stack's keys (FLUXA_API_KEYS or --api-keys): comma-separated entries, each
 * `<key>` (tenant `default`, scopes write and read) or `<key>@<tenant>:<scope>[+<scope>]`.
 * Entries are named by position in errors, never by key.
 */
export function parseApiKeys(spec: string): LocalApiKey[] {
  const entries = spec
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const keys = entries.map((entry, index) =>
    parseEntry(entry, `FLUXA_API_KEYS entry ${index + 1}`),
  );
  const seen = new Set<string>();
  for (const [index, { key }] of keys.entries()) {
    if (seen.has(key)) throw new Error(`FLUXA_API_KEYS entry ${index + 1} repeats an earlier key`);
    seen.add(key);
  }
  return keys;
}

/** The scopes of a bare `<key>` entry: it sends and reads events. */
const bareKeyScopes: Scope[] = ['write', 'read'];

/**
 * The key a stack without FLUXA_API_KEYS generates: the default tenant, every scope (a
 * developer's own stack: sending, reading, replays and erasures all work with it).
 */
export function devKey(key: string): LocalApiKey {
  return { key, grant: { client: 'local-dev', tenant_id: defaultTenant, scopes: [...scopes] } };
}

/** The authorizer's table for these keys (the grants object's content): grants by SHA-256 of the key. */
export function grantsOf(keys: readonly LocalApiKey[]): ApiKeyGrants {
  return Object.fromEntries(keys.map(({ key, grant }) => [apiKeyHash(key), grant]));
}

function parseEntry(entry: string, name: string): LocalApiKey {
  const at = entry.lastIndexOf('@');
  const client = `local-${name.split(' ').at(-1)}`;
  if (at < 0) {
    return { key: entry, grant: { client, tenant_id: defaultTenant, scopes: [...bareKeyScopes] } };
  }
  const key = entry.slice(0, at);
  const [tenant = '', granted = '', ...rest] = entry.slice(at + 1).split(':');
  if (key === '') throw new Error(`${name} has no key before @`);
  if (rest.length > 0 || granted === '') {
    throw new Error(`${name} must be <key> or <key>@<tenant>:<scope>[+<scope>]`);
  }
  if (!isValidTenantId(tenant)) {
    throw new Error(
      `${name}: "${tenant}" is not a tenant id (1–64 of a-z, 0-9, _ and -, not starting with _ or -)`,
    );
  }
  const wanted = granted.split('+');
  const unknown = wanted.find((scope) => !(scopes as readonly string[]).includes(scope));
  if (unknown !== undefined) {
    throw new Error(`${name}: "${unknown}" is not a scope (${scopes.join(', ')})`);
  }
  return {
    key,
    grant: { client, tenant_id: tenant, scopes: [...new Set(wanted as Scope[])] },
  };
}
