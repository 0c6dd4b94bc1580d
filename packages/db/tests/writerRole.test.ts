import { randomBytes } from 'node:crypto';
import { aPersistedEvent, createTestDatabase } from '@fluxa/testing';
import postgres from 'postgres';
import {
  ensureWriterRole,
  findUnnotified,
  getEvent,
  insertEvents,
  markNotified,
  type Sql,
  writerRoleName,
} from '../src';

/** A client logged in as the processor's writer role on a migrated database. */
async function asWriter(): Promise<{ writer: Sql; admin: Sql; close(): Promise<void> }> {
  const db = await createTestDatabase();
  const { sql } = db;
  const close = () => db.drop();
  const password = randomBytes(24).toString('hex');
  await ensureWriterRole(sql, password);
  const url = new URL(db.url);
  url.username = writerRoleName;
  url.password = password;
  const writer = postgres(url.toString(), { max: 1, onnotice: () => {} });
  return {
    writer,
    admin: sql,
    async close() {
      await writer.end();
      await close();
    },
  };
}

describe('the writer role the processor connects as', () => {
  it('holds exactly SELECT, INSERT and UPDATE on the two tables the processor writes', async () => {
    // Prepare
    const { admin, close } = await asWriter();

    // Act
    const grants = await admin<{ table_name: string; privilege_type: string }[]>`
      select table_name, privilege_type from information_schema.role_table_grants
      where grantee = 'fluxa_writer' order by table_name, privilege_type`;
    const [role] = await admin<
      { super: boolean; createrole: boolean; createdb: boolean; groups: string[] }[]
    >`
      select r.rolsuper as super, r.rolcreaterole as createrole, r.rolcreatedb as createdb,
             array(select g.rolname from pg_auth_members m join pg_roles g on g.oid = m.roleid
                   where m.member = r.oid order by 1) as groups
      from pg_roles r where r.rolname = ${writerRoleName}`;

    // Assess
    expect(grants.map((g) => `${g.table_name}:${g.privilege_type}`)).toEqual([
      'events:INSERT',
      'events:SELECT',
      'events:UPDATE',
      'idempotency_keys:INSERT',
      'idempotency_keys:SELECT',
      'idempotency_keys:UPDATE',
    ]);
    expect(role).toEqual({
      super: false,
      createrole: false,
      createdb: false,
      groups: ['fluxa_writer'],
    });
    await close();
  });

  it('can do everything the processor does to persist a batch', async () => {
    // Prepare
    const { writer, close } = await asWriter();
    const ids = ['w-1', 'w-2'];

    // Act: claim (under the advisory lock the one-statement store takes), persist and
    // complete in one transaction (with a savepoint, as poison isolation uses), then notify,
    // fail one key and release a lease.
    const [locked] = await writer`
      select pg_try_advisory_xact_lock(hashtextextended(${'default w-1'}, 0)) as taken`;
    await writer`
      insert into idempotency_keys as k (tenant_id, event_id, status, payload_sha256, locked_until)
      select 'default', id, 'processing', ${'b'.repeat(64)}, now() + interval '90 seconds' from unnest(${ids}::text[]) as id
      on conflict (tenant_id, event_id) do update set status = 'processing', attempts = k.attempts + 1
        where k.status <> 'success'
      returning k.event_id`;
    await writer.begin(async (tx) => {
      await tx.savepoint(async (savepoint) =>
        insertEvents(
          savepoint,
          ids.map((id) => aPersistedEvent({ event_id: id, amount: 12.5 })),
        ),
      );
      await tx`update idempotency_keys set status = 'success' where event_id = any(${ids}::text[])`;
    });
    const keys = ids.map((event_id) => ({ tenant_id: 'default', event_id }));
    const unnotified = await findUnnotified(writer, keys);
    await markNotified(writer, unnotified);
    await writer`
      insert into idempotency_keys as k (tenant_id, event_id, status, error_reason)
      values ('default', 'w-3', 'failed', 'HASH_MISMATCH')
      on conflict (tenant_id, event_id) do update set status = 'failed', error_reason = excluded.error_reason`;
    await writer`update idempotency_keys set locked_until = null where event_id = any(${ids}::text[])`;

    // Assess
    expect(locked).toEqual({ taken: true });
    expect(unnotified.map((k) => k.event_id).sort()).toEqual(ids);
    expect(await findUnnotified(writer, keys)).toEqual([]);
    expect(await getEvent(writer, { tenant_id: 'default', event_id: 'w-1' })).toMatchObject({
      event_id: 'w-1',
      amount: 12.5,
    });
    await close();
  });

  it.each([
    ['create a table', 'create table intruder (id int)'],
    ['create a role', 'create role intruder'],
    ['drop a table', 'drop table events'],
    ['alter a table', 'alter table events add column intruder text'],
    ['delete events', 'delete from events'],
    ['truncate a table', 'truncate idempotency_keys'],
    ['read the migration history', 'select * from schema_migrations'],
    ['give itself role management', 'alter role fluxa_processor createrole'],
    ['take on another role', 'set role fluxa_readonly'],
  ])('cannot %s', async (_what, statement) => {
    // Prepare
    const { writer, close } = await asWriter();

    // Act
    const attempt = writer.unsafe(statement);

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: '42501' });
    await close();
  });
});
