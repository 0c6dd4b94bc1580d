export { createMigrator, type MigrateDeps, type MigrateOutcome } from './migrate';
