import { randomBytes } from 'node:crypto';
import { aPersistedEvent, createTestDatabase } from '@fluxa/testing';
import postgres from 'postgres';
import {
  claim,
  claimAndStore,
  complete,
  ensureFunctionRole,
  fail,
  functionRoles,
  getEvent,
  getEventStatus,
  insertEvents,
  markNotified,
  release,
  type Sql,
  storedHashes,
} from '../src';

const writerRoleName = functionRoles.processor.name;

/** A client logged in as the processor's writer role on a migrated database. */
async function asWriter(): Promise<{ writer: Sql; admin: Sql; close(): Promise<void> }> {
  const db = await createTestDatabase();
  const { sql } = db;
  const close = () => db.drop();
  const password = randomBytes(24).toString('hex');
  await ensureFunctionRole(sql, 'processor', password);
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
  it('holds exactly what persisting needs: SELECT, INSERT, UPDATE on the event tables, tombstones for erased ids, and reads of erasures and suppressions', async () => {
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
      'erasures:SELECT',
      'events:INSERT',
      'events:SELECT',
      'events:UPDATE',
      'idempotency_keys:INSERT',
      'idempotency_keys:SELECT',
      'idempotency_keys:UPDATE',
      'suppressions:SELECT',
      'tombstones:INSERT',
      'tombstones:SELECT',
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
    const fast = aPersistedEvent({ event_id: 'w-1', amount: 12.5 });
    const slow = aPersistedEvent({ event_id: 'w-2' });
    const poison = aPersistedEvent({ event_id: 'w-3' });
    const keyOf = (e: typeof fast) => ({ tenant_id: e.tenant_id, event_id: e.event_id });

    // Act: the one-statement store; the two-step path (claim, a write under a savepoint,
    // complete, release and fail); notified; what a last receive reads.
    await claimAndStore(writer, [fast]);
    await claim(
      writer,
      [slow, poison].map((e) => ({ ...e, sha256: e.payload_sha256 })),
      60,
    );
    await writer.begin(async (tx) => {
      await tx.savepoint((savepoint) => insertEvents(savepoint, [slow]));
      await complete(tx, [keyOf(slow)]);
      await release(tx, [keyOf(poison)]);
      await fail(tx, [{ ...keyOf(poison), sha256: null, reason: 'UNSTORABLE_PAYLOAD: x' }]);
    });
    await markNotified(writer, [keyOf(fast), keyOf(slow)]);
    const hashes = await storedHashes(writer, [keyOf(fast), keyOf(slow), keyOf(poison)]);

    // Assess
    expect(hashes.size).toBe(2);
    expect(await getEvent(writer, keyOf(fast))).toMatchObject({ event_id: 'w-1', amount: 12.5 });
    expect((await getEventStatus(writer, keyOf(slow)))?.notified_at).toBeDefined();
    expect((await getEventStatus(writer, keyOf(poison)))?.status).toBe('failed');
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
