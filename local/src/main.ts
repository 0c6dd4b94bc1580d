import type { LocalStack } from '@fluxa/models';
import { runningStack, stackDown, stackUp } from './background';
import { runHarness } from './harness/runHarness';
import { readyMarker } from './launcher';
import { readStackOptions } from './options';
import { runPollerProcess } from './pollerProcess';
import { runEmulatorProcess } from './services';
import { repoRoot, runStack } from './supervisor';

const usage = `usage: node local/dist/main.mjs <command> [options]
  run    the whole stack in the foreground (make local); Ctrl-C drains and stops
  up     the stack in the background (make local-up); state in .local/
  down   stop the background stack (make local-down)
  test   the end-to-end harness (make local-test); starts a stack if none is up
options: --state-dir DIR --api-port N --control-port N --emulator-port N --pg-port N
         --database-url URL --emulator-endpoint URL --api-keys K1,K2
         --batch-size N --batching-window-ms N --visibility-timeout S
(env: FLUXA_API_PORT, FLUXA_CONTROL_PORT, FLUXA_EMULATOR_PORT, FLUXA_PG_PORT, FLUXA_API_KEYS,
      DATABASE_URL, FLUXA_BATCH_SIZE, FLUXA_BATCHING_WINDOW_MS, FLUXA_VISIBILITY_TIMEOUT,
      FLUXA_RATE_LIMIT, FLUXA_RATE_BURST)`;

function banner(info: LocalStack): string {
  return [
    '',
    'Fluxa local stack is up',
    `  API       ${info.api_url}`,
    `  API key   ${info.api_key}`,
    `  try       curl -s ${info.api_url}/health`,
    `            curl -s -H 'x-api-key: ${info.api_key}' '${info.api_url}/events?user_id=u-1'`,
    `  emulator  ${info.emulator_endpoint} (queue ${info.queue_url})`,
    '',
  ].join('\n');
}

async function main(): Promise<number> {
  const [command, ...argv] = process.argv.slice(2);
  switch (command) {
    case 'run': {
      const options = readStackOptions(argv);
      await runStack(options, (info) => {
        process.stdout.write(
          `${banner(info)}  Ctrl-C drains in-flight batches and stops everything.\n\n`,
        );
        process.stdout.write(`${readyMarker}${JSON.stringify(info)}\n`);
      });
      return 0;
    }
    case 'up': {
      const info = await stackUp(readStackOptions(argv), argv);
      process.stdout.write(
        `${banner(info)}  state and log in ${readStackOptions(argv).stateDir}; make local-down stops it.\n`,
      );
      return 0;
    }
    case 'down': {
      const stopped = await stackDown(readStackOptions(argv).stateDir);
      process.stdout.write(stopped ? 'local stack stopped\n' : 'no local stack is running\n');
      return 0;
    }
    case 'test': {
      const options = readStackOptions(argv);
      const started = runningStack(options.stateDir) === undefined;
      const info = started
        ? await stackUp(options, argv)
        : (runningStack(options.stateDir) as LocalStack);
      try {
        return (await runHarness(info)) ? 0 : 1;
      } finally {
        if (started) await stackDown(options.stateDir);
      }
    }
    case 'poller':
      await runPollerProcess(repoRoot);
      return 0;
    case 'emulator':
      await runEmulatorProcess(argv);
      return 0;
    default:
      process.stderr.write(`${usage}\n`);
      return command === undefined || command === 'help' ? 0 : 2;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`local: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
