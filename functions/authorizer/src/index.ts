export { type AuthorizerDeps, createAuthorizer } from './authorizer';
