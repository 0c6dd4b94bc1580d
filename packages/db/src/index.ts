// The public API of @fluxa/db: the pool, the migration runner and roles, and the event store —
// every statement over `events` and `idempotency_keys` (one module owns both tables, since
// claiming and storing are one statement over both).

export { type ClaimOutcome, type ClaimRequest, claim } from './claims';
export {
  connectDatabase,
  type DatabaseError,
  databaseUnavailable,
  isDatabaseUnavailable,
  isDataError,
  lazyDatabase,
  type Sql,
  type SqlFragment,
  type SqlOrTx,
  type Transaction,
  tlsOptions,
} from './client';
export { complete, type FailureRecord, fail, release } from './completion';
export { type Conflict, recordConflicts } from './conflicts';
export { decodeCursor, encodeCursor, InvalidCursorError, type PagePosition } from './cursor';
export {
  createErasure,
  type ErasedEvent,
  type ErasureRow,
  eraseEvents,
  finishErasure,
  getErasure,
  listErasures,
  nextErasable,
  takeRunningErasure,
} from './erasures';
export { getEvent, markNotified } from './events';
export { type PurgeOptions, type PurgeOutcome, purgeSucceededKeys } from './keyPurge';
export { type EventKey, keyText } from './keys';
export { type EventPage, listEvents } from './listEvents';
export { loadMigrations, type Migration, statementsOf } from './migrations/loadMigrations';
export {
  MigrationDriftError,
  type MigrationResult,
  runMigrations,
} from './migrations/runMigrations';
export { oldestOwedSeconds, type StoredNotification, takeOwed } from './owed';
export {
  checkpointReplay,
  countReplayMatches,
  createReplay,
  getReplay,
  listReplays,
  type ReplayRow,
  replayPage,
  takeRunningReplay,
} from './replays';
export { purgeExpiredEvents, tenantsWithEvents } from './retention';
export { ensureFunctionRole, type FunctionWithRole, functionRoles } from './roles';
export { scramSha256Verifier } from './scram';
export { getEventStatus } from './status';
export { claimAndStore, insertEvents, type StoreOutcome, storedHashes } from './storeEvents';
export { changeSuppression } from './suppressions';
