import { createTestDatabase } from '@fluxa/testing';
import postgres from 'postgres';
import { ensureFunctionRole, functionRoles } from '../src';

describe('the query role', () => {
  it('can read events but cannot write any table', async () => {
    // Prepare
    const db = await createTestDatabase();
    const { sql } = db;
    const close = () => db.drop();
    const password = 'ab'.repeat(20);
    await ensureFunctionRole(sql, 'query', password);
    const url = new URL(db.url);
    url.username = functionRoles.query.name;
    url.password = password;
    const asQuery = postgres(url.toString(), { max: 1, onnotice: () => {} });

    // Act
    const read = await asQuery`select count(*) from events`;
    const write = asQuery`insert into idempotency_keys (event_id, status) values ('x', 'success')`;

    // Assess
    expect(read).toHaveLength(1);
    await expect(write).rejects.toThrow(/read-only transaction|permission denied/);
    await asQuery.end();
    await close();
  });

  it('is denied writes by its grants even in a read-write session', async () => {
    // Prepare
    const db = await createTestDatabase();
    const { sql } = db;
    const close = () => db.drop();
    const password = 'cd'.repeat(20);
    await ensureFunctionRole(sql, 'query', password);
    const url = new URL(db.url);
    url.username = functionRoles.query.name;
    url.password = password;
    const asQuery = postgres(url.toString(), { max: 1, onnotice: () => {} });
    await asQuery`set default_transaction_read_only = off`;

    // Act
    const write = asQuery`delete from events`;

    // Assess
    await expect(write).rejects.toThrow(/permission denied/);
    await asQuery.end();
    await close();
  });
});
