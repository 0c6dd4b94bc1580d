import { createServer } from 'node:net';
import { aValidEvent } from '@fluxa/testing';
import { networkReason } from '../src/errors';
import { sendArgs } from './helpers/events';
import { Buffer, fluxa } from './helpers/run';
import { dirWithStackFile, localStackInfo } from './helpers/stackFile';

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 1;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('errors', () => {
  it('finds the reason inside fetch’s cause chain', () => {
    // Prepare
    const error = new TypeError('fetch failed', {
      cause: new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]),
    });

    // Act
    const reason = networkReason(error);

    // Assess
    expect(reason).toBe('connection refused');
  });

  it.each([
    [['get', 'pay-1']],
    [sendArgs(aValidEvent())],
    [['verify']],
    [['load', '--count', '5']],
  ])(
    '`fluxa %j` against a closed port says it cannot reach the API, in one line, exit 1',
    async (argv) => {
      // Prepare
      const url = `http://127.0.0.1:${await closedPort()}`;

      // Act
      const result = await fluxa([...argv, '--url', url, '--api-key', 'secret-key-123']);

      // Assess
      expect(result.code).toBe(1);
      expect(result.stderr + result.stdout).toContain(`cannot reach ${url}: connection refused`);
      expect(result.stderr + result.stdout).not.toMatch(/\n\s+at /);
      expect(result.stderr + result.stdout).not.toContain('secret-key-123');
    },
  );

  it('hints at the local stack when the URL came from a stale stack file', async () => {
    // Prepare
    const url = `http://127.0.0.1:${await closedPort()}`;
    const { cwd } = dirWithStackFile({ ...localStackInfo, api_url: url });

    // Act
    const result = await fluxa(['get', 'pay-1'], { cwd });

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(
        `^fluxa: cannot reach ${url}: connection refused \\(from .*stack\\.json; is the local stack up\\? make local-up\\)\\n$`,
      ),
    );
  });

  it('prints an error on a line of its own, not on the progress bar’s', async () => {
    // Prepare
    const url = `http://127.0.0.1:${await closedPort()}`;
    const terminal = new Buffer(true, 100);

    // Act
    const result = await fluxa(['load', '--count', '5', '--url', url, '--api-key', 'k'], {
      stderr: terminal,
    });

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('\r\x1b[2Ksending ');
    expect(result.stderr.split('\n')).toContain(`fluxa: cannot reach ${url}: connection refused`);
  });

  it('refuses an invalid event before sending it, listing every violation', async () => {
    // Prepare
    const metadata = Object.fromEntries('abcdefghijk'.split('').map((key, index) => [key, index]));
    const invalid = aValidEvent({ amount: 1.005, currency: 'USD', metadata });

    // Act
    const result = await fluxa([
      ...sendArgs(invalid),
      '--url',
      'http://127.0.0.1:1',
      '--api-key',
      'k',
    ]);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('fluxa: not sent: the event is invalid');
    expect(result.stderr).toContain('amount: must have at most 2 decimal places for USD');
    expect(result.stderr).toContain('metadata:');
  });
});
