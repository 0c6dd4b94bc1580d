import { createHash } from 'node:crypto';
import type { FromSchema } from 'json-schema-to-ts';
import { type Scope, scopes, tenantIdSchema } from './tenant';

/** A client name in Terraform's `api_clients` or the local FLUXA_API_KEYS (for logs and metrics). */
const clientSchema = {
  type: 'string',
  minLength: 1,
  maxLength: 64,
  pattern: '^[A-Za-z0-9][A-Za-z0-9._:/-]*$',
} as const;

/** What one API key may do: who it is, whose events it sends and reads, with which scopes. */
export const apiKeyGrantSchema = {
  type: 'object',
  properties: {
    client: clientSchema,
    tenant_id: tenantIdSchema,
    scopes: {
      type: 'array',
      items: { type: 'string', enum: scopes },
      minItems: 1,
      uniqueItems: true,
    },
  },
  required: ['client', 'tenant_id', 'scopes'],
  additionalProperties: false,
} as const;

/**
 * The authorizer's table: grants by the lower-case hex SHA-256 of the key, so no key is ever
 * stored in plaintext by Fluxa. It is the whole content of the grants object (one JSON object
 * in S3, {@link apiKeyGrantsObjectKey}), which Terraform writes from `api_clients` and the local
 * stack from FLUXA_API_KEYS.
 */
export const apiKeyGrantsSchema = {
  type: 'object',
  description: 'API key grants by SHA-256 of the key.',
  propertyNames: { pattern: '^[0-9a-f]{64}$' },
  additionalProperties: apiKeyGrantSchema,
} as const;

/**
 * The grants object's key in its bucket: Terraform's (`API_KEY_GRANTS_KEY`, the same name) and
 * the local stack's.
 */
export const apiKeyGrantsObjectKey = 'api-key-grants.json';

/** One key's grant. */
export type ApiKeyGrant = FromSchema<typeof apiKeyGrantSchema>;

/** Grants by SHA-256 of the key. */
export type ApiKeyGrants = Record<string, ApiKeyGrant>;

/** Lower-case hex SHA-256 of an API key: how grants name keys, so none is kept in plaintext. */
export function apiKeyHash(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Who a request comes from, as the authorizer tells the functions. */
export interface Caller {
  client: string;
  tenantId: string;
  scopes: readonly Scope[];
}

/**
 * The authorizer's context for a granted key (API Gateway passes only string values on):
 * what the functions read back with {@link callerFrom}.
 */
export function authorizerContext(grant: ApiKeyGrant): Record<string, string> {
  return { client: grant.client, tenant_id: grant.tenant_id, scopes: grant.scopes.join(' ') };
}

/** The caller an authorizer context names, or undefined when it names none (no authorizer ran). */
export function callerFrom(
  context: Record<string, unknown> | null | undefined,
): Caller | undefined {
  const { client, tenant_id, scopes: granted } = context ?? {};
  if (typeof client !== 'string' || typeof tenant_id !== 'string' || typeof granted !== 'string') {
    return undefined;
  }
  const known = granted
    .split(' ')
    .filter((s): s is Scope => (scopes as readonly string[]).includes(s));
  return { client, tenantId: tenant_id, scopes: known };
}
