export { createLifecycle, type LifecycleDeps, type LifecycleReport } from './lifecycle';
export { createMigrator, type MigrateDeps, type MigrateOutcome } from './migrate';
