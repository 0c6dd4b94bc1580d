export { type ApiRequest, apiGatewayEvent, authorizerRequestEvent } from './apiGatewayEvent';
export { type FluxaAwsResources, type ProvisionOptions, provisionAws } from './awsResources';
export {
  hasExited,
  isRunning,
  processCommandLine,
  processStartTime,
  stopPid,
  stopProcess,
  waitForLine,
  waitForMessage,
} from './childProcess';
export { type AwsEmulator, startAwsEmulator } from './emulator';
export { freePort } from './ports';
export { findPostgresBinaries, type PostgresBinaries } from './postgresBinaries';
export { type PostgresServer, type PostgresServerOptions, startPostgres } from './postgresServer';
export { cpuOfTrees } from './processStat';
export { type WaitOptions, WaitTimeoutError, waitUntil } from './waitUntil';
