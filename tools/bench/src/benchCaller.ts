import { authorizerContext, defaultTenant, scopes } from '@fluxa/models';

/** The tenant every benchmark event belongs to. */
export const benchTenant = defaultTenant;

/** What the API key authorizer passes on for the benchmark's key: its tenant, every scope. */
export const benchAuthorizer = authorizerContext({
  client: 'bench',
  tenant_id: benchTenant,
  scopes: [...scopes],
});
