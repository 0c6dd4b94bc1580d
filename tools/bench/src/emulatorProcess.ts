/**
 * Runs the SQS/SNS/S3 emulator in a child process of its own, so its request
 * handling does not share the measured process's event loop (on AWS those
 * services are remote: their CPU is not the Lambda's). Prints
 * `emulatorReadyMarker` and `{"endpoint":…}` once listening (on a free port);
 * stops on SIGTERM or SIGINT, or when stdin closes (its parent died).
 */
import { startAwsEmulator } from '@fluxa/local-runtime';
import { emulatorReadyMarker } from './emulatorChild';

const emulator = await startAwsEmulator({ port: 0 });
process.stdout.write(
  `${emulatorReadyMarker}${JSON.stringify({ endpoint: emulator.endpoint, port: emulator.port })}\n`,
);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await emulator.stop();
  process.exit(0);
};
process.stdin.on('end', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
