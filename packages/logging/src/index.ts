export {
  createLogger,
  type LogContext,
  type Logger,
  redactedPaths,
  scrubSecrets,
  withContext,
} from './logger';
