export {
  createLogger,
  type LogContext,
  type Logger,
  redactedPaths,
  scrubSecrets,
} from './logger';
