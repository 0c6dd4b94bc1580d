import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { LocalStack } from '../src';
import { readStackInfo } from '../src';
import {
  accepting,
  newStateDir,
  processesMentioning,
  removeStateDir,
  runLocal,
} from './helpers/localCommand';

// One background stack, taken through its life in order: up, a refused reset, down without
// stack.json, then a reset.
let stateDir: string;
let info: LocalStack;
let devKey: string;
const freePorts = ['--api-port', '0', '--emulator-port', '0'];
const local = (command: string) =>
  runLocal([command, '--state-dir', stateDir, ...freePorts, '--pg-port', '0']);

beforeAll(async () => {
  stateDir = newStateDir('background');
  const up = await local('up');
  if (up.code !== 0) throw new Error(`make local-up failed: ${up.stderr}`);
  info = readStackInfo(stateDir) as LocalStack;
  devKey = readFileSync(path.join(stateDir, 'dev-api-key'), 'utf8').trim();
});

afterAll(async () => {
  await local('down');
  removeStateDir(stateDir);
});

const ports = () =>
  [info.api_url, info.emulator_endpoint, info.database_url].map((url) => Number(new URL(url).port));

describe('the background stack (make local-up, local-down, local-reset)', () => {
  it('serves once make local-up returned, with the dev key it printed', async () => {
    // Act
    const health = await fetch(`${info.api_url}/events?user_id=u`, {
      headers: { 'x-api-key': devKey },
    });

    // Assess
    expect(health.status).toBe(200);
    expect(info.api_key).toBe(devKey);
  });

  it('serves no fault-control endpoint: stack.json names none', () => {
    // Assess
    expect(info.control_url).toBeUndefined();
  });

  it('refuses to reset while the stack runs, and says how to stop it', async () => {
    // Act
    const reset = await local('reset');

    // Assess
    expect(reset.code).toBe(1);
    expect(reset.stderr).toBe(
      `local: the local stack in ${stateDir} is running: stop it with make local-down, then reset\n`,
    );
    expect(existsSync(path.join(stateDir, 'pg', 'PG_VERSION'))).toBe(true);
  });

  it('stops every process and port of the stack on down, even without stack.json', async () => {
    // Prepare
    rmSync(path.join(stateDir, 'stack.json'));

    // Act
    const down = await local('down');
    const open = await Promise.all(ports().map((port) => accepting(port)));

    // Assess
    expect(down.stdout).toBe('local stack stopped\n');
    expect(processesMentioning(stateDir)).toEqual([]);
    expect(open).toEqual([false, false, false]);
  });

  it('resets the data once stopped, and keeps the dev key', async () => {
    // Act
    const reset = await local('reset');

    // Assess
    expect(reset.code).toBe(0);
    expect(
      ['pg', 'emulator', 'logs'].filter((dir) => existsSync(path.join(stateDir, dir))),
    ).toEqual([]);
    expect(readFileSync(path.join(stateDir, 'dev-api-key'), 'utf8').trim()).toBe(devKey);
  });
});
