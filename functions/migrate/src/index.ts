export { createMigrator, type MigrateDeps, type MigrateOutcome } from './migrate';
export { createKeyPurge, type PurgeDeps } from './purge';
