export {
  connectDatabase,
  type DatabaseError,
  isDatabaseUnavailable,
  isDataError,
  lazyDatabase,
  type Sql,
  type SqlOrTx,
  type Transaction,
} from './client';
export { decodeCursor, encodeCursor, InvalidCursorError, type PagePosition } from './cursor';
export { findUnnotified, getEvent, insertEvents, markNotified } from './events';
export { type EventPage, listEvents } from './listEvents';
export { loadMigrations, type Migration } from './migrations/loadMigrations';
export {
  MigrationDriftError,
  type MigrationResult,
  runMigrations,
} from './migrations/runMigrations';
export { ensureQueryRole, queryRoleName } from './queryRole';
export { getEventStatus } from './status';
