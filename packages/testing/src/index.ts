// Helpers for test files (CommonJS under ts-jest). The servers themselves are
// started by globalSetup or the local stack through `@fluxa/testing/servers`.

export { type ApiRequest, apiGatewayEvent } from './apiGatewayEvent';
export { type FluxaAwsResources, type ProvisionOptions, provisionAws } from './awsResources';
export {
  type EventCase,
  type ExpectedRecord,
  eventCase,
  freshEventId,
  timestampCase,
  withEventId,
} from './eventSpace';
export { freePort } from './ports';
export { createTestDatabase, type TestDatabase } from './testDatabase';
export { requireTestEnv, testEnvKeys } from './testEnv';
