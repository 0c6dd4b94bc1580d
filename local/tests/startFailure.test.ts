import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { freePort } from '@fluxa/local-runtime';
import {
  accepting,
  type CommandResult,
  newStateDir,
  processesMentioning,
  removeStateDir,
  runLocal,
} from './helpers/localCommand';

let blocker: Server;
let apiPort: number;
const ports = { pg: 0, emulator: 0, control: 0 };
let stateDir: string;
let result: CommandResult;

beforeAll(async () => {
  // Prepare: the API port is taken by a process the stack did not start.
  blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  apiPort = (blocker.address() as { port: number }).port;
  ports.pg = await freePort();
  ports.emulator = await freePort();
  ports.control = await freePort();
  stateDir = newStateDir('start-failure');

  // Act: the API server starts last, so PostgreSQL, the emulator and the poller run by then.
  result = await runLocal([
    'run',
    ...['--state-dir', stateDir, '--api-port', String(apiPort)],
    ...['--pg-port', String(ports.pg), '--emulator-port', String(ports.emulator)],
    ...['--control-port', String(ports.control)],
  ]);
});

afterAll(async () => {
  await new Promise((resolve) => blocker.close(resolve));
  removeStateDir(stateDir);
});

describe('a start whose API port is taken', () => {
  it('exits 1 with one line that names the port, its variable and the fix', () => {
    // Assess
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `local: port ${apiPort} (FLUXA_API_PORT) is in use: stop what holds it or set FLUXA_API_PORT\n`,
    );
  });

  it('had started PostgreSQL, the emulator and the poller, and leaves none of them running', async () => {
    // Act
    const stackLog = readFileSync(path.join(stateDir, 'logs', 'stack.log'), 'utf8');
    const open = await Promise.all(Object.values(ports).map((port) => accepting(port)));

    // Assess
    expect(stackLog).toContain(`postgres on 127.0.0.1:${ports.pg}`);
    for (const part of ['the poller', 'the emulator', 'PostgreSQL']) {
      expect(stackLog).toContain(`stopping ${part}`);
    }
    expect(processesMentioning(stateDir)).toEqual([]);
    expect(open).toEqual([false, false, false]);
  });
});
