export { type AuthorizerDeps, createAuthorizer } from './authorizer';
export {
  type GrantLookup,
  type GrantStoreOptions,
  GrantsUnavailableError,
  grantStore,
} from './grantStore';
