import { createServer } from 'node:net';
import { networkReason } from '../src/errors';
import { Buffer, fluxa } from './helpers/run';

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
    [['send', '--user', 'u', '--amount', '1', '--currency', 'EUR', '--merchant', 'm']],
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
    const { dirWithStackFile, localStackInfo } = await import('./helpers/stackFile');
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
    // Act
    const result = await fluxa([
      'send',
      '--user',
      'u-1',
      '--amount',
      '1.005',
      '--currency',
      'USD',
      '--merchant',
      'm',
      '--metadata',
      '{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9,"j":10,"k":11}',
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
