import { stackDown, stackUp } from './background';
import { banner } from './banner';
import { runConsole } from './console';
import { runEmulatorProcess } from './emulator';
import { readStackOptions } from './options';
import { runPollerProcess } from './pollerProcess';
import { resetStack } from './reset';
import { errorText } from './stackErrors';
import { runSupervisor } from './supervisor';

const usage = `usage: node local/dist/main.mjs <command> [options]
  run    the whole stack in the foreground (make local); Ctrl-C drains and stops
  up     the stack in the background (make local-up); state in .local/
  down   stop the stack, whatever is left of it (make local-down)
  reset  delete the stack's data — database, emulator, logs — keeping the dev key (make local-reset)
options: --state-dir DIR --api-port N --control-port N --emulator-port N --pg-port N
         --database-url URL --emulator-endpoint URL --api-keys KEY[@TENANT:SCOPE[+SCOPE]],…
         --batch-size N --batching-window-ms N --poller-concurrency N --visibility-timeout S
(env: FLUXA_STATE_DIR, FLUXA_API_PORT, FLUXA_CONTROL_PORT, FLUXA_EMULATOR_PORT, FLUXA_PG_PORT,
      FLUXA_API_KEYS, DATABASE_URL, FLUXA_BATCH_SIZE, FLUXA_BATCHING_WINDOW_MS, FLUXA_POLLER_CONCURRENCY,
      FLUXA_VISIBILITY_TIMEOUT, FLUXA_RATE_LIMIT, FLUXA_RATE_BURST, FLUXA_LOGS, LOG_LEVEL)`;

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  const [command, ...argv] = process.argv.slice(2);
  switch (command) {
    case 'run':
      return runConsole(readStackOptions(argv), argv);
    case 'up': {
      const options = readStackOptions(argv);
      const { info, alreadyRunning } = await stackUp(options, argv);
      if (alreadyRunning) say(`a local stack already runs from ${options.stateDir}:`);
      say(`${banner(info, options)}  make local-down stops it.`);
      return 0;
    }
    case 'down': {
      const stopped = await stackDown(readStackOptions(argv).stateDir);
      say(stopped ? 'local stack stopped' : 'no local stack is running');
      return 0;
    }
    case 'reset': {
      const { stateDir } = readStackOptions(argv);
      resetStack(stateDir);
      say(`local data in ${stateDir} reset: database, emulator and logs removed, dev key kept`);
      return 0;
    }
    case 'supervise':
      return runSupervisor(readStackOptions(argv));
    case 'poller':
      await runPollerProcess();
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
    const message = errorText(error);
    process.stderr.write(`local: ${message}\n`);
    process.exit(1);
  },
);
