import path from 'node:path';
import type { LocalStack } from '@fluxa/models';
import type { StackOptions } from './options';
import { statePaths } from './stateDir';

/** What `make local` and `make local-up` print once the stack serves: where, and the key. */
export function banner(info: LocalStack, options: Pick<StackOptions, 'stateDir' | 'logs'>): string {
  const dir = statePaths(options.stateDir).logs;
  const relative = path.relative(process.cwd(), dir);
  const logs = relative.startsWith('..') ? dir : relative;
  return [
    '',
    'Fluxa local stack is up',
    `  API       ${info.api_url}`,
    `  API key   ${info.api_key} (tenant ${info.tenant_id})`,
    `  try       curl -s ${info.api_url}/health`,
    `            curl -s -H 'x-api-key: ${info.api_key}' '${info.api_url}/events?user_id=u-1'`,
    `  emulator  ${info.emulator_endpoint} (queue ${info.queue_url})`,
    options.logs === 'files'
      ? `  logs      ${logs}/functions.log, metrics.log, stack.log (FLUXA_LOGS=terminal prints them here)`
      : '  logs      the functions’ logs and metrics follow below',
    '',
  ].join('\n');
}
