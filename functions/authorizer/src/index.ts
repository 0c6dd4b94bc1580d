export { type AuthorizerDeps, createAuthorizer, keyHash } from './authorizer';
