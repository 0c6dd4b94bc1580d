// Starting real servers: ESM-only dependencies, so callers are ESM bundles
// (jest globalSetup, the local stack), never test files.
export { type AwsEmulator, startAwsEmulator } from './emulator';
export { findPostgresBinaries, type PostgresBinaries } from './postgresBinaries';
export { type PostgresServer, type PostgresServerOptions, startPostgres } from './postgresServer';
