// Test-only helpers (CommonJS under ts-jest). The servers themselves are started by the
// jest globalSetup bundle; what runs outside tests lives in @fluxa/local-runtime.

export { emfSums } from './emf';
export {
  type EventCase,
  type ExpectedRecord,
  eventCase,
  freshEventId,
  timestampCase,
  withEventId,
} from './eventSpace';
export { aPersistedEvent, asCaller, aValidEvent, type TestEvent } from './events';
export { processorTestConfig, testDatabaseSettings } from './processorConfig';
export { drainQueue, type ReceiveAllOptions, receiveAll } from './queues';
export { createTestDatabase, type TestDatabase } from './testDatabase';
export { requireTestEnv, testEnvKeys } from './testEnv';
