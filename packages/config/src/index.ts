export {
  awsClientOptions,
  lazySecretsManager,
  onFirstUse,
  secretsManagerSdk,
} from './awsClients';
export { type DatabaseSettings, type DatabaseSslMode, readDatabaseSettings } from './database';
export { ConfigError, type Env, EnvReader } from './env';
export {
  type AuthorizerConfig,
  type CommonConfig,
  type IngestConfig,
  type MigrateConfig,
  type ProcessorConfig,
  type QueryConfig,
  readAuthorizerConfig,
  readIngestConfig,
  readMigrateConfig,
  readProcessorConfig,
  readQueryConfig,
} from './functions';
export { type CredentialsSource, cachedCredentials, type DatabaseCredentials } from './secrets';
