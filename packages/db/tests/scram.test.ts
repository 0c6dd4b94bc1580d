import { randomBytes } from 'node:crypto';
import { createTestDatabase } from '@fluxa/testing';
import postgres from 'postgres';
import { ensureFunctionRole, functionRoles, scramSha256Verifier } from '../src';

/** The salt and iteration count of a stored SCRAM verifier. */
function saltAndIterations(verifier: string): { salt: Buffer; iterations: number } {
  const match = /^SCRAM-SHA-256\$(\d+):([^$]+)\$/.exec(verifier);
  if (!match) throw new Error(`not a SCRAM verifier: ${verifier}`);
  return { iterations: Number(match[1]), salt: Buffer.from(match[2] ?? '', 'base64') };
}

describe('SCRAM-SHA-256 verifiers', () => {
  it('are the verifier PostgreSQL itself stores for the password', async () => {
    // Prepare: let the server hash a password its own way.
    const db = await createTestDatabase();
    const { sql } = db;
    const close = () => db.drop();
    const role = `fluxa_scram_${randomBytes(4).toString('hex')}`;
    const password = randomBytes(24).toString('hex');
    await sql.begin(async (tx) => {
      await tx.unsafe(`set local password_encryption = 'scram-sha-256'`);
      await tx.unsafe(`create role ${role} login password '${password}'`);
    });
    const [stored] = await sql<{ rolpassword: string }[]>`
      select rolpassword from pg_authid where rolname = ${role}`;

    // Act
    const ours = scramSha256Verifier(password, saltAndIterations(stored?.rolpassword ?? ''));

    // Assess
    expect(ours).toBe(stored?.rolpassword);
    await sql.unsafe(`drop role ${role}`);
    await close();
  });

  it('provision a login role whose stored verifier matches its password, without ever sending the password', async () => {
    // Prepare
    const db = await createTestDatabase();
    const close = () => db.drop();
    const statements: string[] = [];
    const watched = postgres(db.url, {
      max: 1,
      onnotice: () => {},
      debug: (_connection, query, parameters) =>
        statements.push(`${query} ${JSON.stringify(parameters)}`),
    });
    const password = randomBytes(24).toString('hex');

    // Act
    await ensureFunctionRole(watched, 'query', password);

    // Assess
    const [stored] = await watched<{ rolpassword: string }[]>`
      select rolpassword from pg_authid where rolname = ${functionRoles.query.name}`;
    expect(stored?.rolpassword).toMatch(/^SCRAM-SHA-256\$/);
    expect(scramSha256Verifier(password, saltAndIterations(stored?.rolpassword ?? ''))).toBe(
      stored?.rolpassword,
    );
    expect(statements.length).toBeGreaterThan(0);
    expect(statements.filter((statement) => statement.includes(password))).toEqual([]);
    await watched.end();
    await close();
  });
});
