import { commands } from '../src/commands/index';
import { fluxa } from './helpers/run';

describe('command line', () => {
  it.each(commands.map((command) => command.spec.name))(
    'prints help for `fluxa %s --help` and exits 0',
    async (name) => {
      // Act
      const result = await fluxa([...name.split(' '), '--help']);

      // Assess
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`Usage: fluxa ${name}`);
      expect(result.stdout).toContain('--json');
    },
  );

  it('lists every command in the main help', async () => {
    // Act
    const result = await fluxa(['--help']);

    // Assess
    expect(result.code).toBe(0);
    for (const command of commands) expect(result.stdout).toContain(command.spec.name);
  });

  it('prints the dlq subcommands for `fluxa dlq --help`', async () => {
    // Act
    const result = await fluxa(['dlq', '--help']);

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('dlq redrive');
    expect(result.stdout).toContain('dlq ls');
  });

  it('rejects an unknown command with one line and exit 2', async () => {
    // Act
    const result = await fluxa(['frobnicate']);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("fluxa: unknown command 'frobnicate' (see fluxa --help)\n");
  });

  it('rejects an unknown flag with one line naming the help and exit 2', async () => {
    // Act
    const result = await fluxa(['send', '--colour', 'red']);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("fluxa: unknown option '--colour' (see fluxa send --help)\n");
  });

  it('rejects a flag without its value', async () => {
    // Act
    const result = await fluxa(['load', '--count']);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("option '--count' needs a value");
  });

  it('rejects a value given to a flag that takes none', async () => {
    // Act
    const result = await fluxa(['get', 'pay-1', '--json=yes']);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("fluxa: option '--json' takes no value (see fluxa get --help)\n");
  });

  it('rejects a flag whose value would be the next flag, as Node’s strict parser does', async () => {
    // Act
    const result = await fluxa(['send', '--user', '--amount', '5']);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("fluxa: option '--user' needs a value (see fluxa send --help)\n");
  });

  it('rejects a missing positional argument', async () => {
    // Act
    const result = await fluxa(['get']);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('fluxa: missing <event-id> (see fluxa get --help)\n');
  });

  it.each([
    [
      ['load', '--count', 'ten', '--url', 'http://x', '--api-key', 'k'],
      '--count must be a whole number',
    ],
    [
      ['load', '--batch', '501', '--url', 'http://x', '--api-key', 'k'],
      '--batch must be between 1 and 500',
    ],
    [['list', '--user', 'u', '--from', 'yesterday'], '--from must be an RFC 3339 date-time'],
    [
      ['send', '--user', 'u', '--amount', 'lots', '--currency', 'USD', '--merchant', 'm'],
      '--amount must be a number',
    ],
    [['send', '--user', 'u', '--currency', 'USD', '--merchant', 'm'], '--amount is required'],
    [['list', '--user', 'u', '--correlation-id', 'c'], 'give --user or --correlation-id, not both'],
    [
      ['dlq', 'redrive', '--error-code', 'HASH_MISSMATCH'],
      "--error-code must be one of MALFORMED_ENVELOPE, HASH_MISMATCH, INVALID_PAYLOAD, PAYLOAD_MISSING, EVENT_ID_CONFLICT, UNSTORABLE_PAYLOAD, PAYLOAD_READ, DB_UNAVAILABLE, DB_WRITE, CLAIM_BUSY, DLQ_SEND, SNS_PUBLISH, IN_BATCH_DUPLICATE, MAX_RECEIVES_EXCEEDED; got 'HASH_MISSMATCH'",
    ],
  ])('rejects bad flag values: %j', async (argv, message) => {
    // Act
    const result = await fluxa(argv);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('says how to give an API URL when none is configured', async () => {
    // Act
    const result = await fluxa(['get', 'pay-1']);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no API URL: pass --url, set FLUXA_URL');
  });

  it('prints a usage error as JSON on stdout with --json', async () => {
    // Act
    const result = await fluxa(['get', 'pay-1', '--json']);

    // Assess
    expect(result.json()).toEqual({
      error: { code: 'USAGE', message: expect.stringContaining('no API URL') },
    });
  });
});
