import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createLogger, type LogContext, scrubSecrets } from '../src';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, destination };
}

describe('createLogger', () => {
  it('writes JSON lines carrying the service and the context', () => {
    // Prepare
    const { lines, destination } = capture();
    const context: LogContext = { correlation_id: 'c-1' };
    const logger = createLogger('ingest', { destination }).child(context);

    // Act
    logger.info({ event_id: 'e-1' }, 'accepted');

    // Assess
    expect(lines[0]).toMatchObject({
      service: 'ingest',
      correlation_id: 'c-1',
      event_id: 'e-1',
      level: 'info',
      message: 'accepted',
    });
  });

  it('puts the release version of the root package.json on every line', () => {
    // Prepare
    const { lines, destination } = capture();
    const logger = createLogger('processor', { destination });
    const rootPackage = path.resolve(__dirname, '../../../package.json');
    const { version } = JSON.parse(readFileSync(rootPackage, 'utf8')) as { version: string };

    // Act
    logger.info('batch processed');
    logger.child({ correlation_id: 'c-2' }).warn('sent to DLQ');

    // Assess
    expect(lines.map((line) => line.version)).toEqual([version, version]);
  });

  it('redacts api keys, authorization headers, passwords and DATABASE_URL', () => {
    // Prepare
    const { lines, destination } = capture();
    const logger = createLogger('query', { destination });

    // Act
    logger.info(
      {
        headers: { 'x-api-key': 'k-secret', Authorization: 'Bearer t' },
        config: { password: 'p4ss', DATABASE_URL: 'postgres://u:p@h/db' },
        secret: 's',
      },
      'request',
    );

    // Assess
    const line = JSON.stringify(lines[0]);
    for (const secret of ['k-secret', 'Bearer t', 'p4ss', 'postgres://u:p@h/db', '"s"']) {
      expect(line).not.toContain(secret);
    }
  });

  it('scrubs connection strings out of logged errors', () => {
    // Prepare
    const { lines, destination } = capture();
    const logger = createLogger('processor', { destination });

    // Act
    logger.error(
      { err: new Error('connect failed: postgres://fluxa:hunter2@db.internal:5432/x') },
      'db',
    );

    // Assess
    expect(JSON.stringify(lines[0])).not.toContain('hunter2');
    expect(JSON.stringify(lines[0])).not.toContain('db.internal');
  });
});

describe('scrubSecrets', () => {
  it('keeps the scheme and hides the rest of a connection string', () => {
    expect(scrubSecrets('at postgresql://a:b@c/d now')).toBe('at postgresql://[redacted] now');
  });
});
