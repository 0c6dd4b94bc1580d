import { waitUntil } from '@fluxa/local-runtime';
import { type RunningStack, startLocalStack } from '../src';
import {
  accepting,
  newStateDir,
  processesMentioning,
  removeStateDir,
} from './helpers/localCommand';

let stack: RunningStack;
let stateDir: string;

beforeAll(async () => {
  stateDir = newStateDir('console-gone');
  stack = await startLocalStack({ stateDir });
});

afterAll(async () => {
  await stack?.stop();
  removeStateDir(stateDir);
});

describe('a stack whose console is killed (its terminal closed, kill -9)', () => {
  it('stops every process and port it started', async () => {
    // Prepare
    const { info } = stack;
    const ports = [info.api_url, info.emulator_endpoint, info.database_url].map((url) =>
      Number(new URL(url).port),
    );

    // Act
    stack.process.kill('SIGKILL');
    await waitUntil(() => processesMentioning(stateDir).length === 0, {
      timeoutMs: 30_000,
      what: 'every process of the stack gone',
    });

    // Assess
    expect(await Promise.all(ports.map((port) => accepting(port)))).toEqual([false, false, false]);
  });
});
