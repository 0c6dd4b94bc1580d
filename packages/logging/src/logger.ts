import { releaseVersion } from '@fluxa/models';
import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Paths pino replaces with "[redacted]" wherever they appear in a log line
 * Header names arrive in any case, so both spellings are listed.
 */
export const redactedPaths = [
  'password',
  'secret',
  'authorization',
  'Authorization',
  'DATABASE_URL',
  'databaseUrl',
  'x-api-key',
  '*.password',
  '*.secret',
  '*.authorization',
  '*.Authorization',
  '*.DATABASE_URL',
  '*.databaseUrl',
  '*["x-api-key"]',
  '*["X-Api-Key"]',
  '*["X-API-Key"]',
  'headers.*',
  'multiValueHeaders.*',
];

const connectionString = /\b(postgres(?:ql)?):\/\/[^\s'"]+/gi;

/** Removes connection strings (which carry passwords and hostnames) from free text. */
export function scrubSecrets(text: string): string {
  return text.replace(connectionString, '$1://[redacted]');
}

/**
 * Creates the JSON logger of one function: `service` and `version` (the release it was built
 * as) on every line, secrets redacted, errors serialised without connection strings.
 */
export function createLogger(
  service: string,
  options: { level?: string; destination?: pino.DestinationStream } = {},
): Logger {
  return pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      base: { service, version: releaseVersion },
      messageKey: 'message',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: redactedPaths, censor: '[redacted]' },
      serializers: {
        err: (error: unknown) => {
          const serialized = pino.stdSerializers.err(error as Error);
          return {
            ...serialized,
            message: scrubSecrets(serialized.message),
            stack: serialized.stack ? scrubSecrets(serialized.stack) : undefined,
          };
        },
      },
    },
    options.destination,
  );
}

/** Context fields on every line of a request or record (`logger.child(context)`). */
export interface LogContext {
  correlation_id?: string;
  event_id?: string;
  request_id?: string;
  aws_request_id?: string;
  stage?: string;
}
