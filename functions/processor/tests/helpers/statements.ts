import type { SQSEvent } from 'aws-lambda';
import postgres from 'postgres';
import type { World } from './world';

/** Runs the processor on a batch through a pool that counts every statement it sends. */
export async function statementsFor(world: World, batch: SQSEvent): Promise<number> {
  let count = 0;
  const pool = postgres(world.db.url, {
    max: 2,
    onnotice: () => {},
    debug: () => {
      count += 1;
    },
  });
  await world.processor({ database: async () => pool })(batch);
  await pool.end();
  return count;
}
