export {
  type AwsClientOptions,
  awsClient,
  awsClientOptions,
  lazySecretsManager,
  onFirstUse,
  secretsManagerSdk,
} from './awsClients';
export { type DatabaseSettings, type DatabaseSslMode, readDatabaseSettings } from './database';
export { ConfigError, type Env, EnvReader } from './env';
export {
  type ApiKeyGrantsSource,
  type AuthorizerConfig,
  type CommonConfig,
  type ControlConfig,
  type IngestConfig,
  type MigrateConfig,
  type ProcessorConfig,
  type QueryConfig,
  type RelayConfig,
  readAuthorizerConfig,
  readControlConfig,
  readIngestConfig,
  readMigrateConfig,
  readProcessorConfig,
  readQueryConfig,
  readRelayConfig,
} from './functions';
export { type CredentialsSource, cachedCredentials, type DatabaseCredentials } from './secrets';
