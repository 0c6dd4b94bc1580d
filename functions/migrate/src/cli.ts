import path from 'node:path';
import { readMigrateConfig } from '@fluxa/config';
import { lazyDatabase } from '@fluxa/db';
import { createLogger, scrubSecrets } from '@fluxa/logging';
import { createMigrator } from './migrate';

/** `make migrate`: the migrate function's code, run against DATABASE_URL with the repo's migrations/. */
async function main(): Promise<void> {
  const config = readMigrateConfig();
  const database = lazyDatabase(config.database, { applicationName: 'fluxa-migrate-cli' });
  const migrate = createMigrator({
    config,
    database,
    migrationsDir: path.resolve(process.env.MIGRATIONS_DIR ?? 'migrations'),
    logger: createLogger('migrate', { level: config.logLevel }),
  });
  try {
    const outcome = await migrate();
    console.log(
      outcome.applied.length > 0
        ? `applied: ${outcome.applied.join(', ')}`
        : 'nothing to apply: schema is up to date',
    );
    if (outcome.newer.length > 0) {
      console.log(`newer than this release (left as they are): ${outcome.newer.join(', ')}`);
    }
  } finally {
    await (await database()).end();
  }
}

main().catch((error: unknown) => {
  console.error(
    `migrate failed: ${scrubSecrets(error instanceof Error ? error.message : String(error))}`,
  );
  process.exit(1);
});
