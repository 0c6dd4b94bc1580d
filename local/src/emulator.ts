import { startAwsEmulator, stopProcess, waitForMessage } from '@fluxa/local-runtime';
import { spawnLocalCommand } from './bundles';
import { externalService, type ManagedService, startRestartable } from './managedService';
import { messageOf, tellParent } from './messages';
import { portVariables, type StackOptions } from './options';
import { ensurePortFree } from './ports';
import { listenForStop, surviveClosedOutput } from './signals';
import { statePaths } from './stateDir';

/** The stack's SQS/SNS/S3 emulator (or the endpoint it was given). */
export interface ManagedEmulator extends ManagedService {
  endpoint: string;
}

/**
 * The emulator in a child process of its own (a second core for the AWS side while the
 * supervisor serves HTTP), persisting to `<stateDir>/emulator` so queues, in-flight messages
 * and objects survive a restart.
 */
export async function manageEmulator(options: StackOptions): Promise<ManagedEmulator> {
  if (options.emulatorEndpoint) {
    return { ...externalService('an external emulator'), endpoint: options.emulatorEndpoint };
  }
  await ensurePortFree(options.emulatorPort, portVariables.emulatorPort);
  const dataDir = statePaths(options.stateDir).emulatorData;
  let port = options.emulatorPort; // 0 picks a free port; a restart reuses the one picked
  const service = await startRestartable(options.stateDir, 'emulator', async () => {
    const child = spawnLocalCommand('emulator', ['--port', String(port), '--data-dir', dataDir], {
      output: 'inherit',
    });
    try {
      port = await waitForMessage(child, (m) => messageOf(m, 'listening')?.port, {
        what: 'the emulator',
      });
    } catch (error) {
      await stopProcess(child, { signal: 'SIGKILL' });
      throw error;
    }
    return { pid: child.pid ?? 0, stop: () => stopProcess(child) };
  });
  return { ...service, endpoint: `http://127.0.0.1:${port}` };
}

/** The emulator child process: serves until SIGTERM or until its supervisor is gone. */
export async function runEmulatorProcess(argv: string[]): Promise<void> {
  const stop = listenForStop();
  surviveClosedOutput();
  const portFlag = argv.indexOf('--port');
  const dirFlag = argv.indexOf('--data-dir');
  const emulator = await startAwsEmulator({
    port: Number(argv[portFlag + 1] ?? 0),
    ...(dirFlag >= 0 ? { dataDir: argv[dirFlag + 1] } : {}),
  });
  tellParent({ type: 'listening', port: emulator.port });
  await stop.promise;
  await emulator.stop();
  process.exit(0);
}
