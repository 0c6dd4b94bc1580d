import postgres from 'postgres';
import { createQueryWorld, get, type QueryWorld } from './helpers/world';

let world: QueryWorld;

beforeAll(async () => {
  world = await createQueryWorld();
});

afterAll(async () => {
  await world.close();
});

/** A pool on the world's database that counts the statements it sends (no type lookup of its own). */
function countingPool(): { sql: postgres.Sql; statements(): number; end(): Promise<void> } {
  let statements = 0;
  const sql = postgres(world.db.url, {
    max: 2,
    onnotice: () => {},
    fetch_types: false,
    debug: () => (statements += 1),
  });
  return { sql, statements: () => statements, end: () => sql.end() };
}

/** The query handler over a counting pool, with a clock the test moves; probes every 5 s. */
function probedHandler() {
  const pool = countingPool();
  let clock = 0;
  const handler = world.handler({
    database: async () => pool.sql,
    now: () => clock,
    readinessIntervalMs: 5_000,
  });
  return { pool, handler, setClock: (ms: number) => (clock = ms) };
}

describe('/health/ready, which anyone may call', () => {
  it('sends the database one probe per interval however many requests arrive', async () => {
    // Prepare
    const { pool, handler, setClock } = probedHandler();

    // Act
    const concurrent = await Promise.all(
      Array.from({ length: 20 }, () => handler(get('/health/ready'))),
    );
    setClock(4_999);
    const later = await handler(get('/health/ready'));

    // Assess
    expect([...concurrent, later].every((r) => r.statusCode === 200)).toBe(true);
    expect(pool.statements()).toBe(1);
    await pool.end();
  });

  it('probes again once the interval has passed', async () => {
    // Prepare
    const { pool, handler, setClock } = probedHandler();
    await handler(get('/health/ready'));

    // Act
    setClock(5_000);
    const result = await handler(get('/health/ready'));

    // Assess
    expect(result.statusCode).toBe(200);
    expect(pool.statements()).toBe(2);
    await pool.end();
  });

  it('answers 503 from one failed probe for the rest of the interval without retrying the database', async () => {
    // Prepare
    let attempts = 0;
    const down = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const handler = world.handler({
      database: () => {
        attempts += 1;
        return Promise.reject(down);
      },
      now: () => 0,
    });

    // Act
    const results = await Promise.all(
      Array.from({ length: 5 }, () => handler(get('/health/ready'))),
    );

    // Assess
    expect(results.map((r) => r.statusCode)).toEqual([503, 503, 503, 503, 503]);
    expect(attempts).toBe(1);
  });
});
