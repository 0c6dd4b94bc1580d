export {
  connectDatabase,
  type DatabaseError,
  isDatabaseUnavailable,
  isDataError,
  lazyDatabase,
  type Sql,
  type SqlFragment,
  type SqlOrTx,
  type Transaction,
  tlsOptions,
} from './client';
export { decodeCursor, encodeCursor, InvalidCursorError, type PagePosition } from './cursor';
export {
  type EventKey,
  eventRecordset,
  findUnnotified,
  getEvent,
  insertEvents,
  insertEventsFrom,
  keyArrays,
  keyText,
  markNotified,
} from './events';
export { type EventPage, listEvents } from './listEvents';
export { loadMigrations, type Migration, statementsOf } from './migrations/loadMigrations';
export {
  MigrationDriftError,
  type MigrationResult,
  runMigrations,
} from './migrations/runMigrations';
export { ensureQueryRole, queryRoleName } from './queryRole';
export { scramSha256Verifier } from './scram';
export { getEventStatus } from './status';
export { ensureWriterRole, writerRoleName } from './writerRole';
